using Nines.Contracts.Errors;
using Nines.Contracts.Model;
using Nines.Controller.Reconciliation;
using Nines.Controller.Tests.Support;
using Nines.Drivers.Fake;
using Nines.Testing;

namespace Nines.Controller.Tests.Reconciliation;

public sealed class DeploymentControllerTests
{
    private static DeploymentRef Tutorial => ControlPlaneHarness.Tutorial;

    [Fact]
    public async Task Run_StartKeepsFailing_RetriesWithExponentialBackoffUpToTheMaximum()
    {
        var time = new FakeTimeProvider();
        await using var state = StoreKind.Open("memory", time);
        var cp = ControlPlaneHarness.Create(state, time);
        cp.Driver.Rewrite = d => d with { Fake = new FakeBehaviour(FailStart: "no tap") };
        await cp.RegisterHostAsync();
        var passes = new List<(DateTimeOffset At, Exception? Error)>();
        var controller = new DeploymentController(state, cp.Reconciler, cp.Events, time);
        controller.Reconciled += (_, error) => { lock (passes) { passes.Add((time.GetUtcNow(), error)); } };
        using var stop = new CancellationTokenSource();
        var run = controller.RunAsync(stop.Token);
        await cp.Deployments.ApplyAsync(Tutorial, ControlPlaneHarness.TutorialYaml(), null, null, CancellationToken.None);

        await WaitForAsync(() => passes.Count >= 1);
        foreach (var _ in Enumerable.Range(0, 5))
        {
            var before = passes.Count;
            time.Advance(TimeSpan.FromSeconds(8));
            await WaitForAsync(() => passes.Count > before);
        }

        await stop.CancelAsync();
        await run;
        passes.ShouldAllBe(p => p.Error is TransientDeploymentException);
        var retries = (await cp.AllEventsAsync()).Where(e => e.Kind == "ReconcileRetry").Select(e => e.Message[e.Message.LastIndexOf("(retry", StringComparison.Ordinal)..]).ToList();
        retries.Count.ShouldBe(passes.Count);
        retries.Take(6).ShouldBe(["(retry 1 in 1 s)", "(retry 2 in 2 s)", "(retry 3 in 4 s)", "(retry 4 in 8 s)", "(retry 5 in 8 s)", "(retry 6 in 8 s)"]);
    }

    [Fact]
    public async Task Run_StoreGoneForGood_StopsWithTheError()
    {
        var time = new FakeTimeProvider();
        await using var inner = StoreKind.Open("memory", time);
        var state = new FullDiskStore(inner, () => new Microsoft.Data.Sqlite.SqliteException("database disk image is malformed", 11)) { Full = false };
        var cp = ControlPlaneHarness.Create(state, time);
        await cp.RegisterHostAsync();
        await cp.Deployments.ApplyAsync(Tutorial, ControlPlaneHarness.TutorialYaml(), null, null, CancellationToken.None);
        state.Full = true;
        var controller = new DeploymentController(state, cp.Reconciler, cp.Events, time);

        var error = await Should.ThrowAsync<Microsoft.Data.Sqlite.SqliteException>(() => controller.RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60)));

        error.SqliteErrorCode.ShouldBe(11);
    }

    [Fact]
    public async Task Run_NewDeployment_ConvergesFromTheWatch()
    {
        var time = new FakeTimeProvider();
        await using var state = StoreKind.Open("memory", time);
        var cp = ControlPlaneHarness.Create(state, time);
        await cp.RegisterHostAsync();
        var controller = new DeploymentController(state, cp.Reconciler, cp.Events, time);
        using var stop = new CancellationTokenSource();
        var run = controller.RunAsync(stop.Token);

        await cp.Deployments.ApplyAsync(Tutorial, ControlPlaneHarness.TutorialYaml(), null, null, CancellationToken.None);

        await WaitForAsync(async () => (await cp.Deployments.GetStatusAsync(Tutorial, CancellationToken.None))?.Phase == DeploymentPhase.Running, () => time.Advance(TimeSpan.FromSeconds(1)));
        cp.Machine.LiveProcessCount.ShouldBe(5);
        await stop.CancelAsync();
        await run;
    }

    private static Task WaitForAsync(Func<bool> condition) => WaitForAsync(() => Task.FromResult(condition()), null);

    private static async Task WaitForAsync(Func<Task<bool>> condition, Action? tick)
    {
        for (var i = 0; i < 500; i++)
        {
            if (await condition())
            {
                return;
            }

            tick?.Invoke();
            await Task.Delay(10);
        }

        throw new TimeoutException("condition not reached in 5 s");
    }
}

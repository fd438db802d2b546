using Nines.Agent.Convergence;
using Nines.Contracts.Agents;
using Nines.Contracts.Model;
using Nines.Contracts.Repositories;
using Nines.Controller.Reconciliation;
using Nines.Controller.Tests.Support;
using Nines.Drivers.Fake;
using Nines.Testing;

namespace Nines.Controller.Tests.Reconciliation;

/// <summary>
/// One deployment's failure is its own: a pass that throws an error nobody expected fails that deployment (status,
/// operation, event) and the loop carries on with every other tenant's, also after a restart and when the store cannot
/// even take the retry's event.
/// </summary>
public sealed class FaultIsolationTests
{
    private static readonly DeploymentRef _broken = new("acme", "broken");
    private static readonly DeploymentRef _other = new("globex", "web");

    [Fact]
    public async Task Run_UnexpectedErrorInOneDeployment_FailsItAloneAndAnotherTenantsDeploymentCompletes()
    {
        var time = new FakeTimeProvider();
        await using var state = StoreKind.Open("memory", time);
        var cp = ControlPlaneHarness.Create(state, time);
        var agents = BrokenAgents(cp.Agent);
        using var logs = new CapturingLoggerProvider();
        var controller = new DeploymentController(state, Reconciler(cp, agents), cp.Events, time) { Logger = logs.CreateLogger("controller") };
        await cp.RegisterHostAsync(memoryMiB: 65536);
        using var stop = new CancellationTokenSource();
        var run = controller.RunAsync(stop.Token);

        await cp.Deployments.ApplyAsync(_broken, ControlPlaneHarness.TutorialYaml(), null, null, CancellationToken.None);
        await cp.Deployments.ApplyAsync(_other, ControlPlaneHarness.TutorialYaml(), null, null, CancellationToken.None);

        await WaitForAsync(async () => (await cp.Deployments.GetStatusAsync(_other, CancellationToken.None))?.Phase == DeploymentPhase.Running, time, run);
        await WaitForAsync(async () => (await cp.Deployments.GetStatusAsync(_broken, CancellationToken.None))?.Phase == DeploymentPhase.Failed, time, run);
        await AssertFailedAsync(cp);

        // The log line names the deployment in the text a console prints for its scope (once a type name did).
        var failed = logs.Entries.First(e => e.Level == Microsoft.Extensions.Logging.LogLevel.Error && e.Exception is ArgumentOutOfRangeException);
        failed.Scopes.ShouldBe(["acme/broken"]);
        run.IsCompleted.ShouldBeFalse();
        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task Run_RestartWithTheFailedDeploymentStillStored_DoesNotRetryItAndANewDeploymentCompletes()
    {
        var time = new FakeTimeProvider();
        await using var state = StoreKind.Open("sqlite", time);
        var cp = ControlPlaneHarness.Create(state, time);
        await cp.RegisterHostAsync(memoryMiB: 65536);

        // Stored by a process that died on it: the next controller starts with it pending.
        await cp.Deployments.ApplyAsync(_broken, ControlPlaneHarness.TutorialYaml(), null, null, CancellationToken.None);
        var agents = BrokenAgents(cp.Agent);
        using (var stop = new CancellationTokenSource())
        {
            var run = new DeploymentController(state, Reconciler(cp, agents), cp.Events, time).RunAsync(stop.Token);
            await cp.Deployments.ApplyAsync(_other, ControlPlaneHarness.TutorialYaml(), null, null, CancellationToken.None);
            await WaitForAsync(async () => (await cp.Deployments.GetStatusAsync(_other, CancellationToken.None))?.Phase == DeploymentPhase.Running, time, run);
            await WaitForAsync(async () => (await cp.Deployments.GetStatusAsync(_broken, CancellationToken.None))?.Phase == DeploymentPhase.Failed, time, run);
            await stop.CancelAsync();
            await run;
        }

        var faultsBefore = agents.Faults;
        var restarted = cp.Restart();
        var restartedAgents = BrokenAgents(restarted.Agent);
        var third = new DeploymentRef("initech", "db");
        using (var stop = new CancellationTokenSource())
        {
            var run = new DeploymentController(state, Reconciler(restarted, restartedAgents), restarted.Events, time).RunAsync(stop.Token);
            await restarted.Deployments.ApplyAsync(third, ControlPlaneHarness.TutorialYaml(), null, null, CancellationToken.None);

            await WaitForAsync(async () => (await restarted.Deployments.GetStatusAsync(third, CancellationToken.None))?.Phase == DeploymentPhase.Running, time, run);
            run.IsCompleted.ShouldBeFalse();
            await stop.CancelAsync();
            await run;
        }

        faultsBefore.ShouldBeGreaterThan(0);
        restartedAgents.Faults.ShouldBe(0);
        await AssertFailedAsync(restarted);
    }

    [Fact]
    public async Task Run_RetryEventCannotBeWritten_LoopKeepsRetryingAndConvergesOnceTheFaultClears()
    {
        var time = new FakeTimeProvider();
        await using var state = StoreKind.Open("memory", time);
        var cp = ControlPlaneHarness.Create(state, time);
        cp.Driver.Rewrite = d => d with { Fake = new FakeBehaviour(FailStart: "no tap") };
        await cp.RegisterHostAsync();
        var passes = 0;
        var fullDisk = new FullDiskStore(state);
        var controller = new DeploymentController(state, cp.Reconciler, new EventLog(fullDisk, time), time);
        controller.Reconciled += (_, _) => Interlocked.Increment(ref passes);
        using var stop = new CancellationTokenSource();
        var run = controller.RunAsync(stop.Token);
        await cp.Deployments.ApplyAsync(ControlPlaneHarness.Tutorial, ControlPlaneHarness.TutorialYaml(), null, null, CancellationToken.None);

        await WaitForAsync(() => Task.FromResult(Volatile.Read(ref passes) >= 4), time, run);
        cp.Driver.Rewrite = null;

        await WaitForAsync(async () => (await cp.Deployments.GetStatusAsync(ControlPlaneHarness.Tutorial, CancellationToken.None))?.Phase == DeploymentPhase.Running, time, run);
        (await cp.AllEventsAsync()).ShouldNotContain(e => e.Kind == "ReconcileRetry");
        await stop.CancelAsync();
        await run;
    }

    private static FaultyAgentDirectory BrokenAgents(LocalHostAgent agent) => new(
        new LocalHostAgentDirectory(agent),
        id => id == _broken.Id ? new ArgumentOutOfRangeException("interfaceId", 256, "interface id 256 does not fit the automac byte") : null);

    private static DeploymentReconciler Reconciler(ControlPlaneHarness cp, IHostAgentDirectory agents) =>
        new(cp.Deployments, cp.Hosts, cp.Operations, cp.Events, agents, cp.Options, cp.Time);

    private static async Task AssertFailedAsync(ControlPlaneHarness cp)
    {
        var status = (await cp.Deployments.GetStatusAsync(_broken, CancellationToken.None)).ShouldNotBeNull();
        status.Phase.ShouldBe(DeploymentPhase.Failed);
        status.ObservedGeneration.ShouldBe(1);
        status.Conditions.ShouldContain(c => c.Reason == "ReconcileFailed" && c.Message.Contains("interface id 256", StringComparison.Ordinal));
        var operation = (await cp.Operations.GetAsync(status.OperationId!, CancellationToken.None)).ShouldNotBeNull();
        operation.Deployment.ShouldBe(_broken.Name);
        operation.State.ShouldBe(OperationState.FAILED);
        operation.Error.ShouldNotBeNull().ShouldContain("interface id 256");
        (await cp.AllEventsAsync()).ShouldContain(e => e.Kind == "ReconcileFailed" && e.Subject == _broken.ToString() && e.Reason == nameof(ArgumentOutOfRangeException));
    }

    /// <summary>Polls (ticking the fake clock a second each time) until <paramref name="condition"/> holds; fails at once if the loop ended.</summary>
    private static async Task WaitForAsync(Func<Task<bool>> condition, FakeTimeProvider time, Task run)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            if (run.IsCompleted)
            {
                await run;
                throw new InvalidOperationException("the controller's loop ended");
            }

            clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(90), "condition not reached in 90 s");
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(20);
        }
    }
}

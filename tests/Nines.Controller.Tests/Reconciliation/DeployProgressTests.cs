using Nines.Contracts.Model;
using Nines.Controller.Tests.Support;
using Nines.Drivers.Fake;
using Nines.Testing;

namespace Nines.Controller.Tests.Reconciliation;

/// <summary>
/// The deploy operation's per-VM progress moves through every step while guests boot, with a driver that (like the
/// QEMU driver) holds a start until one of its two boot slots is free. Before, one pass waited for every start, so the
/// progress jumped from nothing to 100 % at the end of that pass.
/// </summary>
public sealed class DeployProgressTests
{
    private static readonly string[] _steps = ["pending", "defined", "booting", "configuring", "ready"];

    private static DeploymentRef Tutorial => ControlPlaneHarness.Tutorial;

    [Fact]
    public async Task Reconcile_TwoBootSlots_EveryVmGoesThroughDefinedBootingConfiguringReady()
    {
        var time = new FakeTimeProvider();
        await using var state = StoreKind.Open("memory", time);
        var cp = ControlPlaneHarness.Create(state, time, new FakeDriverOptions { MaxConcurrentBoots = 2 });
        cp.Driver.Rewrite = d => d with
        {
            Fake = new FakeBehaviour(BootTime: TimeSpan.FromSeconds(5), ExecRules: [new FakeExecRule(".", Duration: TimeSpan.FromSeconds(2))]),
        };
        await cp.RegisterHostAsync();
        await cp.Deployments.ApplyAsync(Tutorial, ControlPlaneHarness.TutorialYaml(), null, null, CancellationToken.None);
        var seen = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var snapshots = new List<IReadOnlyDictionary<string, VmProgress>>();

        Operation? operation = null;
        for (var pass = 0; pass < 300 && operation?.State != OperationState.COMPLETED; pass++)
        {
            var result = await cp.Reconciler.ReconcileAsync(Tutorial, CancellationToken.None);
            var status = (await cp.Deployments.GetStatusAsync(Tutorial, CancellationToken.None))!;
            operation = (await cp.Operations.GetAsync(status.OperationId!, CancellationToken.None))!;
            snapshots.Add(operation.Vms);
            foreach (var (vm, progress) in operation.Vms)
            {
                var steps = seen.TryGetValue(vm, out var list) ? list : seen[vm] = [];
                if (steps.Count == 0 || steps[^1] != progress.Step)
                {
                    steps.Add(progress.Step);
                }
            }

            // Background starts released by the advance below finish on the thread pool: give them a moment.
            await Task.Delay(TimeSpan.FromMilliseconds(5));
            time.Advance(result.RequeueAfter ?? TimeSpan.FromSeconds(1));
        }

        var report = string.Join("; ", seen.Select(p => $"{p.Key}: {string.Join(" > ", p.Value)}"));
        operation!.State.ShouldBe(OperationState.COMPLETED, report);
        seen.Keys.Order().ShouldBe(["uml1", "uml2", "uml3", "uml4", "uml5"]);
        foreach (var (vm, steps) in seen)
        {
            steps.Select(s => Array.IndexOf(_steps, s)).ShouldBeInOrder(SortDirection.Ascending, $"{vm} only moves forward: {report}");
            steps.ShouldContain("booting", report);
            steps.ShouldContain("configuring", report);
            steps[^1].ShouldBe("ready", report);
        }

        seen.Values.Count(s => s.Contains("defined")).ShouldBeGreaterThanOrEqualTo(3, $"three guests wait for a boot slot, seen as defined: {report}");
        snapshots.ShouldContain(s => s.Values.Count(p => p.Step == "defined") >= 3 && s.Values.Any(p => p.Step == "booting"), "waiting and booting guests are reported together");
        snapshots.ShouldAllBe(s => s.Values.Count(p => p.Step == "booting") <= 2);
    }

    [Fact]
    public async Task Converge_StartHeldForBootSlot_ReturnsAtOnceWithTheOthersDefined()
    {
        var time = new FakeTimeProvider();
        await using var state = StoreKind.Open("memory", time);
        var cp = ControlPlaneHarness.Create(state, time, new FakeDriverOptions { MaxConcurrentBoots = 1 });
        cp.Driver.Rewrite = d => d with { Fake = new FakeBehaviour(BootTime: TimeSpan.FromSeconds(10)) };
        await cp.RegisterHostAsync();
        await cp.Deployments.ApplyAsync(Tutorial, ControlPlaneHarness.TutorialYaml(), null, null, CancellationToken.None);

        // The clock does not move: a pass that waited for the second start would never return.
        var result = await cp.Reconciler.ReconcileAsync(Tutorial, CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(1));

        result.RequeueAfter.ShouldBe(cp.Options.ConvergePollInterval);
        var status = (await cp.Deployments.GetStatusAsync(Tutorial, CancellationToken.None))!;
        var progress = (await cp.Operations.GetAsync(status.OperationId!, CancellationToken.None))!.Vms;
        progress.Values.Count(p => p.Step == "booting" && p.Percent == 50).ShouldBe(1);
        progress.Values.Count(p => p.Step == "defined" && p.Percent == 25).ShouldBe(4);
        cp.Machine.LiveProcessCount.ShouldBe(1);
    }

    [Fact]
    public async Task Undeploy_StartsWaitingForBootSlot_GivesThemUpAndLeavesNothing()
    {
        var time = new FakeTimeProvider();
        await using var state = StoreKind.Open("memory", time);
        var cp = ControlPlaneHarness.Create(state, time, new FakeDriverOptions { MaxConcurrentBoots = 1 });
        cp.Driver.Rewrite = d => d with { Fake = new FakeBehaviour(BootTime: TimeSpan.FromSeconds(10)) };
        await cp.RegisterHostAsync();
        await cp.Deployments.ApplyAsync(Tutorial, ControlPlaneHarness.TutorialYaml(), null, null, CancellationToken.None);
        await cp.Reconciler.ReconcileAsync(Tutorial, CancellationToken.None);

        await cp.Deployments.MarkDeletedAsync(Tutorial, CancellationToken.None);
        await cp.ConvergeAsync(Tutorial).WaitAsync(TimeSpan.FromMinutes(1));
        time.Advance(TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromMilliseconds(50));

        cp.Machine.LiveProcessCount.ShouldBe(0, "no queued start launches after the undeploy");
        cp.Driver.Starts.ShouldBe(5, "every start was asked for once");
        (await cp.Deployments.GetAsync(Tutorial, CancellationToken.None)).ShouldBeNull();
    }
}

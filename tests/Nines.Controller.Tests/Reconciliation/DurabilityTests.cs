using Nines.Contracts.Model;
using Nines.Controller.Tests.Support;
using Nines.Testing;

namespace Nines.Controller.Tests.Reconciliation;

public sealed class DurabilityTests
{
    private static DeploymentRef Tutorial => ControlPlaneHarness.Tutorial;

    /// <summary>
    /// The process dies before each driver call of a deploy in turn (define, start, guest configuration…); a new
    /// process on the same SQLite file and machine converges with exactly one process per VM, then undeploys to none.
    /// </summary>
    [Fact]
    public async Task Reconcile_KilledBeforeEveryDriverCall_RestartConvergesWithoutDuplicatesOrOrphans()
    {
        for (var kill = 1; kill <= 15; kill++)
        {
            var time = new FakeTimeProvider();
            var path = StoreKind.TempFile();
            var first = StoreKind.Open("sqlite", time, path);
            var cp = ControlPlaneHarness.Create(first, time);
            await cp.RegisterHostAsync();
            await cp.Deployments.ApplyAsync(Tutorial, ControlPlaneHarness.TutorialYaml(), null, null, CancellationToken.None);
            cp.Driver.KillBeforeMutation = kill;
            await Should.ThrowAsync<SimulatedKillException>(() => cp.ConvergeAsync(Tutorial));
            await first.DisposeAsync();

            await using var second = StoreKind.Open("sqlite", time, path);
            var restarted = new ControlPlaneHarness(second, time, cp.Machine, cp.Networks);
            await restarted.Reconciler.SweepOrphansAsync(CancellationToken.None);
            await restarted.ConvergeAsync(Tutorial);

            cp.Machine.LiveProcessCount.ShouldBe(5, $"killed before driver call {kill}");
            (await restarted.Deployments.GetStatusAsync(Tutorial, CancellationToken.None))!.Phase.ShouldBe(DeploymentPhase.Running);
            (cp.Driver.Starts + restarted.Driver.Starts).ShouldBe(5, $"killed before driver call {kill}: every VM started once");

            await restarted.Deployments.MarkDeletedAsync(Tutorial, CancellationToken.None);
            await restarted.ConvergeAsync(Tutorial);
            cp.Machine.LiveProcessCount.ShouldBe(0);
            cp.Networks.Applied.ShouldBeEmpty();
        }
    }

    [Fact]
    public async Task SweepOrphans_DeploymentMissingFromStore_RemovesItsVmsAndNetworks()
    {
        var time = new FakeTimeProvider();
        await using var state = StoreKind.Open("memory", time);
        var cp = ControlPlaneHarness.Create(state, time);
        await cp.RegisterHostAsync();
        await cp.Deployments.ApplyAsync(Tutorial, ControlPlaneHarness.TutorialYaml(), null, null, CancellationToken.None);
        await cp.ConvergeAsync(Tutorial);
        var spec = (await cp.Deployments.GetAsync(Tutorial, CancellationToken.None))!;
        (await cp.Deployments.RemoveAsync(spec, CancellationToken.None)).ShouldBeTrue();

        await cp.Restart().Reconciler.SweepOrphansAsync(CancellationToken.None);

        cp.Machine.LiveProcessCount.ShouldBe(0);
        cp.Networks.Applied.ShouldBeEmpty();
        (await cp.AllEventsAsync()).ShouldContain(e => e.Kind == "OrphanRemoved");
    }
}

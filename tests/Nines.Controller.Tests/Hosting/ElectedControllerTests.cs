using Nines.Agent.Convergence;
using Nines.Contracts.Agents;
using Nines.Contracts.Model;
using Nines.Contracts.Repositories;
using Nines.Controller.Hosting;
using Nines.Controller.Reconciliation;
using Nines.Controller.Repositories;
using Nines.Controller.Tests.Support;
using Nines.Drivers.Fake;
using Nines.Drivers.Mapping;
using Nines.Store.Memory;

namespace Nines.Controller.Tests.Hosting;

/// <summary>Two controllers on one (memory) store and one fake host, in real time with a 1 s election lease.</summary>
public sealed class ElectedControllerTests
{
    private static readonly DeploymentRef _tutorial = ControlPlaneHarness.Tutorial;

    [Fact]
    public async Task Dispose_LeaderCrashes_StandbyTakesOverAndReconcilesTheNextChange()
    {
        await using var store = new MemoryStateStore(TimeProvider.System, TimeSpan.FromMilliseconds(50));
        var machine = new FakeHost(TimeProvider.System);
        var agent = new LocalHostAgent("local", new FakeDriver(machine), new InMemoryHostNetworks()) { HostPaths = ControlPlaneHarness.GuestImageOnly };
        await new HostRepository(store).RegisterAsync(new HostRecord("local", "local:", 64 * 1024, null, 0, 0, TimeProvider.System.GetUtcNow()), TimeSpan.FromMinutes(5), CancellationToken.None);
        var deployments = new DeploymentRepository(store, TimeProvider.System);
        var first = Start(store, agent, "controller-1");
        await first.WaitForLeadershipAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
        var second = Start(store, agent, "controller-2");

        var v1 = await deployments.ApplyAsync(_tutorial, ControlPlaneHarness.TutorialYaml(), null, null, CancellationToken.None);
        await WaitForCompletedAsync(store, v1.Spec.Generation);
        second.IsLeader.ShouldBeFalse();
        second.Terms.ShouldBe(0);

        await first.DisposeAsync();
        await second.WaitForLeadershipAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        var v2 = await deployments.ApplyAsync(_tutorial, ControlPlaneHarness.TutorialYaml(), "RoundRobin", null, CancellationToken.None);
        await WaitForCompletedAsync(store, v2.Spec.Generation);

        second.Terms.ShouldBe(1);
        second.Leader.ShouldBe("controller-2");
        machine.LiveProcessCount.ShouldBe(5);
        second.Completion.IsFaulted.ShouldBeFalse();
        await second.ResignAsync(CancellationToken.None);
        (await store.GetAsync(second.ElectionKey)).ShouldBeNull();
    }

    private static ElectedController Start(MemoryStateStore store, LocalHostAgent agent, string name) =>
        ElectedController.Start(new ElectedControllerOptions(
            store,
            new LocalHostAgentDirectory(agent),
            new ReconcilerOptions(new VmMappingOptions("/guest/vmlinux", "/guest/initrd.cpio", _ => false)) { ConvergePollInterval = TimeSpan.FromMilliseconds(50) })
        {
            Election = new ControllerElectionOptions { Candidate = name, Ttl = TimeSpan.FromSeconds(1) },
        });

    private static async Task WaitForCompletedAsync(MemoryStateStore store, long generation)
    {
        var operations = new OperationRepository(store, TimeProvider.System);
        var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(20);
        while (true)
        {
            var operation = (await operations.ListAsync(_tutorial.Tenant, CancellationToken.None)).LastOrDefault(o => o.Generation == generation);
            if (operation is { IsFinished: true })
            {
                operation.State.ShouldBe(OperationState.COMPLETED, operation.Error);
                return;
            }

            TimeProvider.System.GetUtcNow().ShouldBeLessThan(deadline, $"generation {generation} did not finish");
            await Task.Delay(50);
        }
    }
}

using Nines.Agent.Tests.Support;
using Nines.Contracts.Model;

namespace Nines.Agent.Tests.Faults;

/// <summary>Fault injection: the active controller dies in the middle of a deploy (real etcd, agents over HTTP, fake VMs).</summary>
[Collection(FaultCollection.Name)]
public sealed class ControllerFailoverTests
{
    [RequiresEtcdFact]
    public async Task KillActiveController_MidDeploy_StandbyFinishesWithEveryVmStartedOnce()
    {
        await using var cluster = await FaultCluster.StartAsync();
        foreach (var host in new[] { "host-a", "host-b", "host-c" })
        {
            await cluster.StartAgentAsync(host, linked: false, fencing: null);
        }

        var first = cluster.StartController("controller-1");
        await first.WaitForLeadershipAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
        var second = cluster.StartController("controller-2");

        // Killed as soon as the plan is committed: the deploy has begun but is not finished.
        var stored = await cluster.Deployments.ApplyAsync(FaultCluster.Tutorial, AgentCluster.TutorialYaml(), "RoundRobin", null, CancellationToken.None);
        await FaultCluster.WaitUntilAsync(
            async () => (await cluster.Deployments.GetAsync(FaultCluster.Tutorial, CancellationToken.None))!.Spec.HasCurrentPlan,
            "the first controller commits a plan");
        await first.DisposeAsync();

        var deployed = await cluster.WaitForOperationAsync(stored.Spec.Generation);

        deployed.State.ShouldBe(OperationState.COMPLETED, deployed.Error);
        second.IsLeader.ShouldBeTrue();
        second.Terms.ShouldBe(1);
        var plan = (await cluster.Deployments.GetAsync(FaultCluster.Tutorial, CancellationToken.None))!.Spec.Plan!;
        plan.Placements.Values.GroupBy(h => h).Select(g => g.Count()).Order().ShouldBe([1, 2, 2]);
        var status = (await cluster.Deployments.GetStatusAsync(FaultCluster.Tutorial, CancellationToken.None))!;
        status.Vms.Count.ShouldBe(5);
        status.Vms.ShouldAllBe(v => v.Value.State == VmPhase.Running && v.Value.Host == plan.Placements[v.Key]);
        cluster.Machines.Values.Sum(m => m.LiveProcessCount).ShouldBe(5);
        cluster.Runs.Starts().Values.ShouldAllBe(starts => starts == 1);
        cluster.Runs.Starts().Count.ShouldBe(5);
        var events = await cluster.EventsAsync();
        events.Where(e => e.Kind == "ControllerElected").Select(e => e.Subject).ShouldBe(["controller-1", "controller-2"]);
        events.Count(e => e.Kind == "Planned").ShouldBeLessThanOrEqualTo(1, "the standby re-planned a committed plan");

        cluster.ControllerFaults().ShouldBeEmpty();
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultCollection
{
    public const string Name = "fault injection";
}

using Nines.Agent.Tests.Support;
using Nines.Contracts.Model;

namespace Nines.Agent.Tests.Faults;

/// <summary>Fault injection: an etcd member of a 3-member cluster restarts in the middle of a deploy.</summary>
[Collection(FaultCollection.Name)]
public sealed class EtcdMemberRestartTests
{
    [RequiresEtcdFact]
    public async Task RestartEtcdMember_MidDeploy_DeployCompletesWithEveryVmStartedOnce()
    {
        await using var cluster = await FaultCluster.StartAsync(etcdMembers: 3);
        foreach (var host in new[] { "host-a", "host-b", "host-c" })
        {
            // Leases longer than a Raft election, so no registration lapses while the cluster picks a new leader.
            await cluster.StartAgentAsync(host, linked: false, fencing: null, leaseTtl: TimeSpan.FromSeconds(6));
        }

        // The standby starts once the first leads: started together, either may win (under load the second did, and
        // waiting for the first to lead then never ended).
        var controller = cluster.StartController("controller-1");
        await controller.WaitForLeadershipAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
        cluster.StartController("controller-2");

        var stored = await cluster.Deployments.ApplyAsync(FaultCluster.Tutorial, AgentCluster.TutorialYaml(), "RoundRobin", null, CancellationToken.None);
        var member = cluster.Cluster!.Members[0];
        await member.StopAsync();
        await Task.Delay(TimeSpan.FromSeconds(1));
        await member.RestartAsync();

        var deployed = await cluster.WaitForOperationAsync(stored.Spec.Generation);

        deployed.State.ShouldBe(OperationState.COMPLETED, deployed.Error);
        var plan = (await cluster.Deployments.GetAsync(FaultCluster.Tutorial, CancellationToken.None))!.Spec.Plan!;
        plan.Placements.Values.GroupBy(h => h).Select(g => g.Count()).Order().ShouldBe([1, 2, 2]);
        var status = (await cluster.Deployments.GetStatusAsync(FaultCluster.Tutorial, CancellationToken.None))!;
        status.Vms.Count.ShouldBe(5);
        status.Vms.ShouldAllBe(v => v.Value.State == VmPhase.Running && v.Value.Host == plan.Placements[v.Key]);
        cluster.Machines.Values.Sum(m => m.LiveProcessCount).ShouldBe(5);
        cluster.Runs.Starts().Count.ShouldBe(5);
        cluster.Runs.Starts().Values.ShouldAllBe(starts => starts == 1);
        cluster.Runs.Overlaps().ShouldBeEmpty();

        cluster.ControllerFaults().ShouldBeEmpty();
    }
}

using Nines.Agent.Hosting;
using Nines.Agent.Tests.Support;
using Nines.Contracts.Model;

namespace Nines.Agent.Tests.Faults;

/// <summary>
/// Headless mode: agents keep their VMs while no controller runs and while the store is away for less than their
/// fencing deadline; the next controller resynchronises without starting anything twice.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class HeadlessAgentTests
{
    [RequiresEtcdFact]
    public async Task NoControllerThenStoreOutage_AgentsKeepVmsAndNextLeaderResyncsWithoutDuplicates()
    {
        await using var cluster = await FaultCluster.StartAsync();
        var fencing = new SelfFencingOptions();
        foreach (var host in new[] { "host-a", "host-b" })
        {
            await cluster.StartAgentAsync(host, linked: false, fencing, leaseTtl: TimeSpan.FromSeconds(6));
        }

        var first = cluster.StartController("controller-1");
        var stored = await cluster.Deployments.ApplyAsync(FaultCluster.Tutorial, AgentCluster.TutorialYaml(), "RoundRobin", null, CancellationToken.None);
        (await cluster.WaitForOperationAsync(stored.Spec.Generation)).State.ShouldBe(OperationState.COMPLETED);

        // No controller at all for longer than the election lease, then etcd itself away for 1.5 s (well under the
        // agents' 5.5 s fencing deadline, so even a loaded machine renews in time).
        await first.DisposeAsync();
        await Task.Delay(TimeSpan.FromSeconds(4));
        await cluster.Server!.StopAsync();
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await cluster.Server.RestartAsync();
        await Task.Delay(TimeSpan.FromSeconds(2));

        cluster.Agents.Values.ShouldAllBe(a => a.Fences.Count == 0);
        cluster.Machines.Values.Sum(m => m.LiveProcessCount).ShouldBe(5);
        var events = await cluster.EventsAsync();
        var seen = events.Count;

        var second = cluster.StartController("controller-2");
        await second.WaitForLeadershipAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
        await cluster.WaitUntilOrDumpAsync(
            async () => (await cluster.EventsAsync()).Skip(seen).Any(e => e.Kind == "ControllerElected"),
            "the second controller takes over");
        var passes = 0;
        second.Reconciled += (_, error) =>
        {
            if (error is null)
            {
                Interlocked.Increment(ref passes);
            }
        };
        await FaultCluster.WaitUntilAsync(() => Task.FromResult(Volatile.Read(ref passes) > 0), "the new leader reconciles the deployment");

        var status = (await cluster.Deployments.GetStatusAsync(FaultCluster.Tutorial, CancellationToken.None))!;
        status.Phase.ShouldBe(DeploymentPhase.Running);
        status.Vms.Values.ShouldAllBe(v => v.State == VmPhase.Running);
        cluster.Runs.Starts().Count.ShouldBe(5);
        cluster.Runs.Starts().Values.ShouldAllBe(starts => starts == 1);
        (await cluster.EventsAsync()).Skip(seen).ShouldNotContain(e => e.Kind == "HostFailed" || e.Kind == "Planned");

        cluster.ControllerFaults().ShouldBeEmpty();
    }
}

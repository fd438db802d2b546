using Nines.Agent.Hosting;
using Nines.Agent.Tests.Support;
using Nines.Contracts.Model;

namespace Nines.Agent.Tests.Faults;

/// <summary>
/// Fault injection: one host's management link (to etcd and from the controllers) is cut. Real etcd, agents over HTTP
/// through loopback link proxies, fake VMs whose process lifetimes are recorded per host.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class HostPartitionTests
{
    [RequiresEtcdFact]
    public async Task PartitionHost_FencesItselfBeforeItsVmsRunElsewhere_NoVmEverOnTwoHosts()
    {
        await using var cluster = await FaultCluster.StartAsync();
        var fencing = new SelfFencingOptions();
        foreach (var host in new[] { "host-a", "host-b", "host-c" })
        {
            await cluster.StartAgentAsync(host, linked: true, fencing);
        }

        cluster.StartController("controller-1");
        var stored = await cluster.Deployments.ApplyAsync(FaultCluster.Tutorial, AgentCluster.TutorialYaml(), "RoundRobin", null, CancellationToken.None);
        (await cluster.WaitForOperationAsync(stored.Spec.Generation)).State.ShouldBe(OperationState.COMPLETED);
        var before = (await cluster.Deployments.GetAsync(FaultCluster.Tutorial, CancellationToken.None))!.Spec.Plan!.Placements;
        var victim = before.Values.GroupBy(h => h).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key;
        var moved = before.Where(p => p.Value == victim).Select(p => p.Key).Order().ToList();
        var fenced = new TaskCompletionSource<FenceRecord>(TaskCreationOptions.RunContinuationsAsynchronously);
        cluster.Agents[victim].Fenced += record => fenced.TrySetResult(record);

        cluster.Links[victim].Store.Cut();
        cluster.Links[victim].Agent.Cut();
        await cluster.WaitUntilOrDumpAsync(
            async () =>
            {
                var status = await cluster.Deployments.GetStatusAsync(FaultCluster.Tutorial, CancellationToken.None);
                return status is not null && status.Vms.Count == 5 && status.Vms.Values.All(v => v.Host != victim && v.State == VmPhase.Running);
            },
            $"the VMs of {victim} run on the other hosts",
            TimeSpan.FromSeconds(40));

        var fence = await fenced.Task.WaitAsync(TimeSpan.FromSeconds(5));
        fence.Vms.Order().ShouldBe(moved.Select(FaultCluster.Tutorial.VmId).Order());
        cluster.Machines[victim].LiveProcessCount.ShouldBe(0);
        cluster.Runs.Overlaps().ShouldBeEmpty();
        foreach (var vm in moved.Select(FaultCluster.Tutorial.VmId))
        {
            var runs = cluster.Runs.Snapshot().Where(r => r.Vm == vm).OrderBy(r => r.Start).ToList();
            runs.Count.ShouldBe(2, vm);
            runs[0].Host.ShouldBe(victim);
            runs[0].End.ShouldNotBeNull();
            runs[1].Host.ShouldNotBe(victim);
            runs[1].Start.ShouldBeGreaterThan(runs[0].End!.Value, $"{vm} started elsewhere before {victim} fenced it");
        }

        var after = (await cluster.Deployments.GetAsync(FaultCluster.Tutorial, CancellationToken.None))!.Spec.Plan!.Placements;
        foreach (var (vm, host) in before.Where(p => p.Value != victim))
        {
            after[vm].ShouldBe(host, $"{vm} kept its host");
        }

        var events = await cluster.EventsAsync();
        events.ShouldContain(e => e.Kind == "HostFailed" && e.Subject == victim);
        events.ShouldContain(e => e.Kind == "HostFenced" && e.Message.Contains(victim, StringComparison.Ordinal));

        // Healed: the host registers again, says it fenced itself, and runs nothing (its VMs live elsewhere now).
        cluster.Links[victim].Store.Restore();
        cluster.Links[victim].Agent.Restore();
        await FaultCluster.WaitUntilAsync(
            async () => (await cluster.EventsAsync()).Any(e => e.Kind == "HostSelfFenced" && e.Subject == victim),
            $"{victim} reports its fencing");
        cluster.Agents[victim].Agent.IsFenced.ShouldBeFalse();
        cluster.Machines.Values.Sum(m => m.LiveProcessCount).ShouldBe(5);
        cluster.Runs.Overlaps().ShouldBeEmpty();

        cluster.ControllerFaults().ShouldBeEmpty();
    }
}

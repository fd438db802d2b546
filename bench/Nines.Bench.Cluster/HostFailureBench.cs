using System.Collections.Concurrent;
using Nines.Agent.Hosting;
using Nines.Contracts.Model;
using Nines.Contracts.Repositories;
using Nines.Controller.Hosting;
using Nines.Controller.RemoteAgents;
using Nines.Controller.Repositories;
using Nines.Store.Etcd;

namespace Nines.Bench.Cluster;

/// <summary>
/// (b) Three self-fencing agents (default lease TTL, heartbeat and fence margin), one controller, the 5-VM tutorial.
/// Each round loses the host with the most VMs — its agent stops without a word and its VM processes are killed, as
/// when the machine dies — and measures from that moment: detection (the controller's HostFailed event), the fencing
/// wait (until HostFenced), and the restart (until the last of its VMs runs on another host). The host then comes
/// back empty for the next round.
/// </summary>
internal sealed class HostFailureBench(EtcdStateStore store, BenchAgents agents, int rounds)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _started = new(StringComparer.Ordinal);

    public async Task RunAsync()
    {
        var fencing = new SelfFencingOptions();
        foreach (var host in new[] { "host-a", "host-b", "host-c" })
        {
            await agents.StartAsync(host, fencing, Watch);
        }

        using var directory = new HttpHostAgentDirectory(ControllerProcess.ControllerCredentials()) { RequestTimeout = TimeSpan.FromSeconds(5) };
        await using var controller = ElectedController.Start(new ElectedControllerOptions(store, directory, ControllerProcess.ReconcilerOptions()));
        await controller.WaitForLeadershipAsync(CancellationToken.None);
        var deployments = new DeploymentRepository(store, TimeProvider.System);
        var events = new EventLog(store, TimeProvider.System);
        var tutorial = new DeploymentRef("acme", "hosts");
        var yaml = Nines.Scenarios.Native.NativeScenarioWriter.Write(Nines.Scenarios.ScenarioReader.Read(BenchAgents.TutorialXml(), "tutorial.xml").Value!.Scenario);
        await deployments.ApplyAsync(tutorial, yaml, "RoundRobin", null, CancellationToken.None);
        await WaitAsync(async () => (await deployments.GetStatusAsync(tutorial, CancellationToken.None))?.Phase == DeploymentPhase.Running, TimeSpan.FromSeconds(60));

        List<TimeSpan> detection = [], fenceWait = [], restart = [], total = [];
        for (var round = 1; round <= rounds; round++)
        {
            var plan = (await deployments.GetAsync(tutorial, CancellationToken.None))!.Spec.Plan!.Placements;
            var victim = plan.Values.GroupBy(h => h).OrderByDescending(g => g.Count()).First().Key;
            var moved = plan.Where(p => p.Value == victim).Select(p => tutorial.VmId(p.Key)).ToList();
            var (_, fromSequence) = await events.ListAsync(null, null, CancellationToken.None);
            var lastSequence = (await events.ListAsync(null, null, CancellationToken.None)).Events.LastOrDefault()?.Sequence;

            var lostAt = TimeProvider.System.GetUtcNow();
            await agents.Agents[victim].AbandonAsync();
            agents.Machines[victim].KillAll();

            await WaitAsync(() => Task.FromResult(moved.All(vm => _started.TryGetValue(vm, out var at) && at > lostAt)), TimeSpan.FromSeconds(60));
            var back = moved.Max(vm => _started[vm]);
            var recent = (await events.ListAsync(lastSequence, null, CancellationToken.None)).Events;
            var failed = recent.First(e => e.Kind == "HostFailed" && e.Subject == victim).Time;
            var fenced = recent.First(e => e.Kind == "HostFenced").Time;
            detection.Add(failed - lostAt);
            fenceWait.Add(fenced - failed);
            restart.Add(back - fenced);
            total.Add(back - lostAt);
            Console.WriteLine($"  round {round,2}: lost {victim} ({moved.Count} VMs): detected {(failed - lostAt).TotalMilliseconds:0} ms, fencing wait {(fenced - failed).TotalMilliseconds:0} ms, restarted {(back - fenced).TotalMilliseconds:0} ms; end to end {(back - lostAt).TotalMilliseconds:0} ms");
            _ = fromSequence;

            await agents.StartAsync(victim, fencing, Watch);
            await WaitAsync(async () => (await events.ListAsync(lastSequence, null, CancellationToken.None)).Events.Any(e => e.Kind == "HostRecovered" && e.Subject == victim), TimeSpan.FromSeconds(30));
        }

        var defaults = new AgentHostOptions(store, "x", ControllerProcess.AgentCredentials("x"));
        Console.WriteLine();
        Console.WriteLine($"(b) host failure, {rounds} hosts lost (agent + VMs); host lease TTL {defaults.HostLeaseTtl.TotalSeconds:0.#} s, heartbeat {defaults.HeartbeatInterval.TotalSeconds:0.#} s, fence margin {fencing.FenceMargin.TotalSeconds:0.#} s (the defaults)");
        Console.WriteLine(Figures.Line("detection (lease expiry)", detection));
        Console.WriteLine(Figures.Line("fencing wait", fenceWait));
        Console.WriteLine(Figures.Line("restart elsewhere", restart));
        Console.WriteLine(Figures.Line("end to end", total));
        var median = Figures.Median(total).TotalSeconds;
        Console.WriteLine($"vs Proxmox HA ~120 s: {120 / median:0}x; vs Masakari 30-300 s: {30 / median:0}x-{300 / median:0}x; target 5 s: {(median < 5 ? "met" : "missed")} (median {median:0.00} s)");
    }

    private void Watch(string host, Nines.Drivers.Fake.FakeHost machine) =>
        machine.ProcessChanged += (vm, running) =>
        {
            if (running)
            {
                _started[vm] = TimeProvider.System.GetUtcNow();
            }
        };

    private static async Task WaitAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = TimeProvider.System.GetUtcNow() + timeout;
        while (!await condition())
        {
            if (TimeProvider.System.GetUtcNow() > deadline)
            {
                throw new TimeoutException("the cluster did not get there in time");
            }

            await Task.Delay(10);
        }
    }
}

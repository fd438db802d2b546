using System.Net;
using System.Net.Sockets;
using Nines.Agent.Convergence;
using Nines.Agent.Tests.Support;
using Nines.Contracts.Model;
using Nines.Contracts.Repositories;
using Nines.Controller.Reconciliation;
using Nines.Controller.RemoteAgents;
using Nines.Controller.Repositories;
using Nines.Drivers.Fake;
using Nines.Drivers.Mapping;
using Nines.Scenarios;
using Nines.Scenarios.Native;
using Nines.Store;
using Nines.Store.Memory;
using Nines.Testing;

namespace Nines.Agent.Tests.Faults;

/// <summary>
/// An agent that accepts connections and never answers (a hung or cut-off host, on a loopback socket) holds up
/// neither another host's deployment nor the detection of its own failure: the reconciler's call to it waits in one
/// worker, and ends as soon as the host's registration goes, long before the call's own deadline.
/// </summary>
public sealed class HungAgentTests
{
    [Fact]
    public async Task Run_OneHostsAgentNeverAnswers_OtherHostsDeploymentCompletesAndTheHungHostsFailureIsDetected()
    {
        var time = new FakeTimeProvider();
        await using var store = new MemoryStateStore(time);
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var held = new List<TcpClient>();
        var accepting = AcceptForeverAsync(silent, held);
        var local = new LocalHostAgent("b", new FakeDriver(new FakeHost(time)), new InMemoryHostNetworks()) { HostPaths = new Nines.Drivers.HostPaths.HostPathPolicy([AgentCluster.GuestDirectory], null) };
        using var directory = new HttpHostAgentDirectory(TestPki.Controller, [local]) { RequestTimeout = TimeSpan.FromHours(1), ConvergeTimeout = TimeSpan.FromHours(1), ReadTimeout = TimeSpan.FromHours(1) };
        var hosts = new HostRepository(store);
        var deployments = new DeploymentRepository(store, time);
        var events = new EventLog(store, time);
        var reconciler = new DeploymentReconciler(
            deployments,
            hosts,
            new OperationRepository(store, time),
            events,
            directory,
            new ReconcilerOptions(new VmMappingOptions("/guest/vmlinux", "/guest/initrd.cpio", _ => false)) { BaseBackoff = TimeSpan.FromSeconds(1), MaxBackoff = TimeSpan.FromSeconds(4) },
            time)
        {
            Liveness = new HostLiveness(time),
        };
        var hungLease = await hosts.RegisterAsync(new HostRecord("a", $"https://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}", 65536, null, 0, 0, time.GetUtcNow()), TimeSpan.FromHours(1), CancellationToken.None);
        await store.PutJsonAsync(HostFencingContract.Key("a"), new HostFencingContract(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1)), options: ControlPlaneJson.Options);
        await hosts.RegisterAsync(new HostRecord("b", HttpHostAgentDirectory.LocalAgentUrl, 65536, null, 0, 0, time.GetUtcNow()), TimeSpan.FromHours(1), CancellationToken.None);
        using var stop = new CancellationTokenSource();
        var run = new DeploymentController(store, reconciler, events, time).RunAsync(stop.Token);

        var onHung = new DeploymentRef("acme", "stuck");
        var onHealthy = new DeploymentRef("globex", "fine");
        await deployments.ApplyAsync(onHung, OneVm("stuck"), null, Pinned("a"), CancellationToken.None);
        await UntilAsync(async () => Count(held) >= 1 && (await deployments.GetStatusAsync(onHung, CancellationToken.None))?.Phase == DeploymentPhase.Pending, run, time: null, async () => $"{Count(held)} connections; {string.Join("; ", (await events.ListAsync(null, null, CancellationToken.None)).Events.Select(e => $"{e.Kind} {e.Subject}: {e.Message}"))}");
        await deployments.ApplyAsync(onHealthy, OneVm("fine"), null, Pinned("b"), CancellationToken.None);

        await UntilAsync(async () => (await deployments.GetStatusAsync(onHealthy, CancellationToken.None))?.Phase == DeploymentPhase.Running, run, time, async () => $"{(await deployments.GetStatusAsync(onHealthy, CancellationToken.None))}; {string.Join("; ", (await events.ListAsync(null, null, CancellationToken.None)).Events.Select(e => $"{e.Kind} {e.Subject}: {e.Message}"))}");
        (await deployments.GetStatusAsync(onHung, CancellationToken.None))?.Phase.ShouldNotBe(DeploymentPhase.Running);

        await store.RevokeLeaseAsync(hungLease);
        await UntilAsync(async () => (await events.ListAsync(null, null, CancellationToken.None)).Events.Any(e => e.Kind == "HostFailed" && e.Subject == "a"), run, time: null);

        run.IsCompleted.ShouldBeFalse();
        await stop.CancelAsync();
        await run;
        silent.Stop();
        await accepting;
        lock (held)
        {
            held.ForEach(c => c.Dispose());
        }
    }

    private static int Count(List<TcpClient> held)
    {
        lock (held)
        {
            return held.Count;
        }
    }

    private static async Task AcceptForeverAsync(TcpListener listener, List<TcpClient> held)
    {
        try
        {
            while (true)
            {
                var client = await listener.AcceptTcpClientAsync();
                lock (held)
                {
                    held.Add(client);
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // Stopped.
        }
    }

    private static string Pinned(string host) => $"<deployment_restrictions><vm_deploy_at vm=\"vm1\" host=\"{host}\" /></deployment_restrictions>";

    private static string OneVm(string name)
    {
        var xml = $"""
            <vnuml>
              <global>
                <version>1.92</version>
                <simulation_name>{name}</simulation_name>
                <automac/>
                <vm_mgmt type="none"/>
              </global>
              <vm name="vm1"/>
            </vnuml>
            """;
        var document = ScenarioReader.Read(xml, $"{name}.xml");
        document.Succeeded.ShouldBeTrue(string.Join("\n", document.Diagnostics));
        return NativeScenarioWriter.Write(document.Value!.Scenario);
    }

    /// <summary>Polls until <paramref name="condition"/> holds (ticking the fake clock when given); fails at once if the loop ended.</summary>
    private static async Task UntilAsync(Func<Task<bool>> condition, Task run, FakeTimeProvider? time, Func<Task<string>>? describe = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            if (run.IsCompleted)
            {
                await run;
                throw new InvalidOperationException("the controller's loop ended");
            }

            if (clock.Elapsed > TimeSpan.FromSeconds(90))
            {
                throw new TimeoutException($"condition not reached in 90 s (the calls to the hung agent are limited to an hour): {(describe is null ? string.Empty : await describe())}");
            }

            time?.Advance(TimeSpan.FromMilliseconds(500));
            await Task.Delay(20);
        }
    }
}

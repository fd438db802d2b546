using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Nines.Cli.Hosting;
using Nines.Drivers.Container;
using Nines.Networking.Commands;
using Nines.Networking.Testbed;
using Nines.Testing;
using Xunit.Abstractions;

namespace Nines.Cli.Tests.Cluster;

/// <summary>
/// The stage of the fencing fault tests (issue 17): three namespace hosts, each a <c>nines agent</c> process inside its
/// namespace (as <see cref="NamespaceAgents"/> runs them, so cutting a host's links partitions it for real), the
/// controller on a real etcd, and one OS-level instance per host (<c>type: os</c>, the container driver: real processes,
/// cheaper than QEMU guests). A <see cref="VmCensusTimeline"/> looks at every host's VM processes every 50 ms from
/// before the deployment to the end.
/// </summary>
internal sealed class FencingBed : IAsyncDisposable
{
    private static readonly TimeSpan _patience = TimeSpan.FromSeconds(120);

    private readonly ITestOutputHelper _output;
    private readonly ICommandRunner _machine = new ProcessCommandRunner();

    private FencingBed(ITestOutputHelper output, CliCluster cluster, NamespaceTestbed testbed, string deployment)
    {
        _output = output;
        Cluster = cluster;
        Testbed = testbed;
        Deployment = deployment;
    }

    public CliCluster Cluster { get; }

    public NamespaceTestbed Testbed { get; }

    public NamespaceAgents Agents { get; private set; } = null!;

    public RunningCommand Controller { get; private set; } = null!;

    public VmCensusTimeline Census { get; private set; } = null!;

    /// <summary>The deployment (and scenario) name: unique, so the instances' cgroups (named by VM id) are this test's only.</summary>
    public string Deployment { get; }

    public IReadOnlyList<string> Vms { get; } = ["a", "b", "c"];

    /// <summary>The driver's id of a VM (its run directory's name): tenant, deployment, VM.</summary>
    public string VmId(string vm) => $"default.{Deployment}.{vm}";

    public TestbedHost Host(string name) => Testbed.Hosts.Single(h => h.Name == name);

    public static string DataOf(TestbedHost host) => TestbedProbe.HostDirectory(host);

    /// <summary>Starts everything, deploys one instance per host and waits until the census sees each exactly once.</summary>
    public static async Task<FencingBed> StartAsync(ITestOutputHelper output, CancellationToken ct)
    {
        var cluster = await CliCluster.StartAsync();
        NamespaceTestbed? testbed = null;
        try
        {
            testbed = await cluster.UpTestbedAsync(3, ct);
            var bed = new FencingBed(output, cluster, testbed, $"fence{RandomNumberGenerator.GetHexString(6, lowercase: true)}");
            await bed.StartCoreAsync(ct);
            return bed;
        }
        catch
        {
            if (testbed is not null)
            {
                await cluster.DownAsync(testbed);
            }

            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>The agent process recorded in <paramref name="host"/>'s data directory (its <c>agent.json</c>).</summary>
    public static AgentInfo? AgentOf(TestbedHost host) => AgentInfo.TryRead(DataOf(host));

    /// <summary>True when <paramref name="host"/> has an agent other than <paramref name="oldPid"/> that answers its health endpoint.</summary>
    public static async Task<bool> AgentBackAsync(TestbedHost host, int oldPid, CancellationToken ct)
    {
        if (AgentOf(host) is not { } info || info.Pid == oldPid || !VmProcessCensus.IsAlive(info.Pid))
        {
            return false;
        }

        // On its health socket: the TCP endpoint lets in only the controller's certificate.
        var socket = Nines.Agent.Guard.FenceGuardLink.HealthSocketIn(DataOf(host));
        using var http = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = async (_, connect) =>
            {
                var unix = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
                try
                {
                    await unix.ConnectAsync(new System.Net.Sockets.UnixDomainSocketEndPoint(socket), connect);
                    return new System.Net.Sockets.NetworkStream(unix, ownsSocket: true);
                }
                catch
                {
                    unix.Dispose();
                    throw;
                }
            },
        })
        { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            using var response = await http.GetAsync(new Uri("http://agent/agent/v1/health"), ct);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or System.Net.Sockets.SocketException && !ct.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds or a VM is seen on two hosts (then fails at once, naming the sample).</summary>
    public async Task UntilAsync(Func<Task<bool>> condition, string what, CancellationToken ct)
    {
        var deadline = Census.Now + _patience;
        while (!await condition())
        {
            if (Census.FirstDuplicate is { } duplicate)
            {
                throw new ShouldAssertException($"while waiting for {what}, a VM ran on two hosts: {duplicate.Describe()}");
            }

            if (Census.Now > deadline)
            {
                throw new TimeoutException($"{what}: not within {_patience.TotalSeconds:0} s; last census {Census.Samples.LastOrDefault()?.Describe()}");
            }

            await Task.Delay(100, ct);
        }
    }

    /// <summary>Each VM's host as the controller's API reports it, with its state.</summary>
    public async Task<Dictionary<string, (string? Host, string? State)>> ApiVmsAsync(CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var list = await Cluster.JsonAsync("vm", "list", Deployment);
        return list.EnumerateArray().ToDictionary(
            v => v.GetProperty("name").GetString()!,
            v => (Text(v, "host"), Text(v, "state")),
            StringComparer.Ordinal);
    }

    /// <summary>True when the API reports every VM running, and the census sees each VM on exactly the host the API names.</summary>
    public async Task<bool> SettledAsync(CancellationToken ct)
    {
        Dictionary<string, (string? Host, string? State)> api;
        try
        {
            api = await ApiVmsAsync(ct);
        }
        catch (ShouldAssertException)
        {
            return false; // the controller is busy or briefly unreachable
        }

        var last = Census.Samples[^1];
        return Vms.All(vm => api.TryGetValue(vm, out var v) && v.State == "Running" && last.HostsOf(VmId(vm)) is [var only] && only == v.Host);
    }

    /// <summary>
    /// Keeps watching for <paramref name="window"/> more (the controller's chance to restart a VM elsewhere: several
    /// lease TTLs), then asserts the whole record: never two copies of a VM, exactly one of each at the end.
    /// </summary>
    public async Task<CensusSample> ObserveThenAssertAsync(TimeSpan window, CancellationToken ct)
    {
        var until = Census.Now + window;
        while (Census.Now < until)
        {
            Census.FirstDuplicate.ShouldBeNull($"a VM ran on two hosts: {Census.FirstDuplicate?.Describe()}");
            await Task.Delay(100, ct);
        }

        var samples = Census.Samples;
        foreach (var sample in samples)
        {
            sample.MaxCopies.ShouldBeLessThanOrEqualTo(1, $"a VM ran on two hosts: {sample.Describe()}");
        }

        var last = samples[^1];
        foreach (var vm in Vms)
        {
            last.HostsOf(VmId(vm)).Count.ShouldBe(1, $"{vm} runs exactly once at the end: {last.Describe()}");
        }

        _output.WriteLine($"census: {samples.Count} samples over {samples[^1].At.TotalSeconds:0.0} s, at most {samples.Max(s => s.MaxCopies)} copy of any VM at any instant; last {last.Describe()}");
        return last;
    }

    /// <summary>The host a VM's copy runs on in the latest sample, and that copy's lowest pid (its launcher).</summary>
    public (string Host, int Pid) Where(string vm)
    {
        var copies = Census.Samples[^1].Processes.Where(p => p.VmId == VmId(vm)).ToList();
        copies.Select(c => c.Host).Distinct().Count().ShouldBe(1, $"{vm} on one host: {Census.Samples[^1].Describe()}");
        return (copies[0].Host, copies.Min(c => c.Pid));
    }

    /// <summary>The messages of the controller's events of <paramref name="kind"/> about <paramref name="subject"/>.</summary>
    public async Task<IReadOnlyList<string>> EventsAsync(string kind, string subject)
    {
        var events = await Cluster.JsonAsync("events");
        var list = events.ValueKind == JsonValueKind.Array ? events : events.GetProperty("events");
        return [.. list.EnumerateArray()
            .Where(e => e.GetProperty("kind").GetString() == kind && e.GetProperty("subject").GetString() == subject)
            .Select(e => e.GetProperty("message").GetString() ?? kind)];
    }

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>.</summary>
    public async Task SignalAsync(string signal, int pid, CancellationToken ct) =>
        (await _machine.RunAsync("kill", [signal, pid.ToString(CultureInfo.InvariantCulture)], null, ct)).ThrowIfFailed();

    /// <summary>The event log and the agents' logs: what a failure needs explained.</summary>
    public async Task DumpAsync()
    {
        try
        {
            var events = await Cluster.RunAsync("events");
            _output.WriteLine($"events:\n{events.Out}{events.Error}\ncontroller:\n{Controller?.Error}");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _output.WriteLine($"no events: {e.Message}");
        }

        foreach (var host in Testbed.Hosts)
        {
            foreach (var name in new[] { AgentLauncher.LogFileName, "guard.log" })
            {
                var log = Path.Combine(DataOf(host), name);
                _output.WriteLine($"{host.Name}'s {name}:\n{(File.Exists(log) ? string.Join('\n', File.ReadLines(log).TakeLast(40)) : "(none)")}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Census is not null)
        {
            await Census.DisposeAsync();
        }

        try
        {
            await Cluster.RunAsync("undeploy", Deployment);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _output.WriteLine($"undeploy at the end failed: {e.Message}");
        }

        await Cluster.DownAsync(Testbed);
        if (Agents is not null)
        {
            await Agents.DisposeAsync();
        }

        await Cluster.DisposeAsync();
    }

    private static string? Text(JsonElement vm, string property) =>
        vm.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private async Task StartCoreAsync(CancellationToken ct)
    {
        // The agents run inside host namespaces with no way off the machine: the instances' shared busybox root (fetched
        // from Debian once, then cached beside the guest image) is built here first.
        var containers = await ContainerDriverFactory.CreateAsync(new ContainerDriverOptions { StateDirectory = Path.Combine(Cluster.Root, "instances-probe") }, ct);
        await using (containers)
        {
            await containers.EnsureBusyboxRootAsync(ct);
        }

        Census = new VmCensusTimeline(Testbed.Hosts.ToDictionary(h => h.Name, DataOf, StringComparer.Ordinal));
        Agents = await NamespaceAgents.StartAsync(Cluster, Testbed, ct);
        Controller = await Cluster.StartControllerAsync("qemu");
        foreach (var host in Testbed.Hosts)
        {
            await Agents.StartAgentAsync(host, ["--driver", "qemu", "--uplink", $"trunk:{host.TrunkInterface}", "--max-boots", "1"], ct);
        }

        var scenario = $"""
            nines: 1
            name: {Deployment}
            networks:
              - name: x
            vms:
              - {Instance("a", 1)}
              - {Instance("b", 2)}
              - {Instance("c", 3)}
            """;
        var file = CliRunner.TempFile($"{Deployment}.yaml", scenario);
        var deploy = await Cluster.RunAsync("deploy", file, "--algorithm", "Balanced");
        for (var attempt = 1; deploy.ExitCode == ExitCodes.Unreachable && attempt < 5; attempt++)
        {
            // A machine busy with other tests can make the controller miss the command's first health check.
            _output.WriteLine($"deploy attempt {attempt}: {deploy.Error.Trim()}");
            await Task.Delay(TimeSpan.FromSeconds(2), ct);
            deploy = await Cluster.RunAsync("deploy", file, "--algorithm", "Balanced");
        }

        deploy.ExitCode.ShouldBe(0, deploy.Out + deploy.Error);
        await UntilAsync(() => SettledAsync(ct), "every instance running once, where the API says", ct);
        _output.WriteLine($"deployed: {Census.Samples[^1].Describe()}");
    }

    private static string Instance(string name, int address) =>
        $"{{name: {name}, type: os, memory: 32M, interfaces: [{{id: 1, network: x, ipv4: [10.9.0.{address}/24]}}]}}";
}

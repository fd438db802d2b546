using Nines.Domain.Scenarios;
using Nines.Networking.Applying;
using Nines.Networking.Commands;
using Nines.Networking.Ovs;
using Nines.Networking.Planning;
using Nines.Networking.Testbed;
using Nines.Networking.Trunks;

namespace Nines.Networking.Tests.Support;

/// <summary>
/// A namespace testbed with one applier per host (each on the host's own Open vSwitch, with the uplink the
/// test chose). VMs are namespaced veths: the applier makes their ports (<c>VethVms</c>), the test makes the
/// pair with the other end in an endpoint namespace — the container driver's way, so no QEMU is needed.
/// Endpoint namespaces carry the testbed's prefix, so the testbed's teardown removes them too.
/// </summary>
internal sealed class TestbedCluster : IAsyncDisposable
{
    private readonly ProcessCommandRunner _machine = new();
    private readonly Dictionary<string, string> _endpoints = new(StringComparer.Ordinal);

    private TestbedCluster(NamespaceTestbed testbed, string directory)
    {
        Testbed = testbed;
        BaseDirectory = directory;
    }

    public NamespaceTestbed Testbed { get; }

    public string BaseDirectory { get; }

    public List<OvsDaemon> Daemons { get; } = [];

    public List<OvsNetworkApplier> Appliers { get; } = [];

    public static async Task<TestbedCluster> StartAsync(int hosts, Func<NamespaceTestbed, TestbedHost, HostUplink?> uplink)
    {
        var directory = Path.Combine(Path.GetTempPath(), "nines-tb-" + Guid.NewGuid().ToString("N")[..8]);
        var testbed = await NamespaceTestbed.UpAsync(hosts, new NamespaceTestbedOptions(directory), CancellationToken.None);
        var cluster = new TestbedCluster(testbed, directory);
        try
        {
            foreach (var host in testbed.Hosts)
            {
                var daemon = await host.ConnectOvsAsync(cluster._machine, CancellationToken.None);
                cluster.Daemons.Add(daemon);
                cluster.Appliers.Add(new OvsNetworkApplier(daemon, host.Runner(cluster._machine), uplink(testbed, host)));
            }

            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Deploys <paramref name="scenario"/> as <paramref name="id"/>: each VM on the host <paramref name="placement"/>
    /// names (0-based), networks spanning hosts on the given VLANs; then plugs each VM's veth into an endpoint
    /// namespace with its first IPv4 address.
    /// </summary>
    public async Task DeployAsync(string id, Scenario scenario, IReadOnlyDictionary<string, int> placement, IReadOnlyDictionary<string, int> vlans)
    {
        for (var h = 0; h < Appliers.Count; h++)
        {
            var vms = placement.Where(p => p.Value == h).Select(p => p.Key).ToList();
            if (vms.Count == 0)
            {
                continue;
            }

            var applier = Appliers[h];
            var state = await applier.ReadStateAsync("nines0", CancellationToken.None);
            var result = NetworkPlanner.Plan(new NetworkDeployment(id, scenario, vms, false, vlans, VethVms: vms), state);
            result.Errors.ShouldBeEmpty();
            var plan = result.Value!;
            await applier.ApplyAsync(plan, CancellationToken.None);
            foreach (var port in plan.Ports)
            {
                var address = scenario.FindVm(port.Vm!)!.Interfaces.Single(i => i.Id == port.InterfaceId).Ipv4[0];
                await PlugAsync(Testbed.Hosts[h], $"{id}-{port.Vm}", port.Name, $"{address.Address}/{address.PrefixLength}");
            }
        }
    }

    /// <summary>Removes deployment <paramref name="id"/> from every host.</summary>
    public async Task RemoveAsync(string id)
    {
        foreach (var applier in Appliers)
        {
            await applier.RemoveAsync("nines0", id, CancellationToken.None);
        }
    }

    /// <summary>The uplink port's <c>trunks</c> on host <paramref name="h"/>, or null when it has no uplink port.</summary>
    public async Task<int[]?> TrunksAsync(int h)
    {
        var state = await Appliers[h].ReadStateAsync("nines0", CancellationToken.None);
        return state.Ports.SingleOrDefault(p => p.Kind == PortKind.Trunk) is { } trunk ? [.. trunk.Trunks] : null;
    }

    /// <summary>True when one of three echo requests from endpoint <paramref name="vm"/> of <paramref name="id"/> is answered.</summary>
    public async Task<bool> PingAsync(string id, string vm, string address) =>
        (await PingRawAsync(id, vm, address, 3, "0.2")).Succeeded;

    /// <summary>Runs ping from an endpoint and returns its output (for the RTT summary).</summary>
    public Task<CommandResult> PingRawAsync(string id, string vm, string address, int count, string interval) =>
        _machine.RunAsync("ip", ["netns", "exec", _endpoints[$"{id}-{vm}"], "ping", "-c", count.ToString(System.Globalization.CultureInfo.InvariantCulture), "-i", interval, "-W", "1", address], null, CancellationToken.None);

    /// <summary>Runs a command in host <paramref name="h"/>'s namespace.</summary>
    public async Task<CommandResult> OnHostAsync(int h, params string[] command) =>
        await Testbed.Hosts[h].Runner(_machine).RunAsync(command[0], command[1..], null, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await Testbed.DownAsync(CancellationToken.None);
        if (Directory.Exists(BaseDirectory))
        {
            Directory.Delete(BaseDirectory, recursive: true);
        }
    }

    private async Task PlugAsync(TestbedHost host, string key, string port, string address)
    {
        var endpoint = $"{Testbed.Prefix}e{_endpoints.Count}";
        _endpoints[key] = endpoint;
        await MachineAsync("ip", "netns", "add", endpoint);
        await MachineAsync("ip", "netns", "exec", endpoint, "ip", "link", "set", "lo", "up");
        await MachineAsync("ip", "netns", "exec", host.Namespace, "ip", "link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", endpoint);
        await MachineAsync("ip", "netns", "exec", host.Namespace, "ip", "link", "set", port, "up");
        await MachineAsync("ip", "netns", "exec", endpoint, "ip", "addr", "add", address, "dev", "eth0");
        await MachineAsync("ip", "netns", "exec", endpoint, "ip", "link", "set", "eth0", "up");
    }

    private async Task MachineAsync(params string[] command) =>
        (await _machine.RunAsync(command[0], command[1..], null, CancellationToken.None)).ThrowIfFailed();
}

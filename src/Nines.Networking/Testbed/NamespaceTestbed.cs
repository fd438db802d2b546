using System.Globalization;
using Nines.Domain;
using Nines.Networking.Commands;
using Nines.Networking.Ovs;
using Nines.Networking.Trunks;

namespace Nines.Networking.Testbed;

/// <summary>
/// N hosts on one machine for cluster tests and demos (<c>nines testbed up N</c>): each host is a network
/// namespace with its own Open vSwitch, a management veth onto a shared management bridge and a trunk veth onto
/// a shared trunk bridge; both Linux bridges live in the testbed's own namespace. No link leads out of these
/// namespaces, so nothing reaches the real network. A state file lets a later process find and remove it.
/// </summary>
public sealed partial class NamespaceTestbed
{
    /// <summary>Every namespace of a testbed starts with this, followed by its id.</summary>
    public const string NamespacePrefix = "nines-tb-";

    /// <summary>The most hosts a testbed may have (one /24 management subnet).</summary>
    public const int MaxHosts = 253;

    private const int MaxId = 254;
    private const string ManagementBridge = "mgmt";
    private const string TrunkBridge = "trunk";
    private const string HostManagementInterface = "mgmt0";
    private const string HostTrunkInterface = "trunk0";

    private readonly ICommandRunner _machine = new ProcessCommandRunner();

    private NamespaceTestbed(int id, string directory, ValueList<TestbedHost> hosts)
    {
        Id = id;
        Directory = directory;
        Hosts = hosts;
    }

    /// <summary>The testbed's number (1–254): in its namespace names and its management subnet.</summary>
    public int Id { get; }

    /// <summary>The testbed's directory: its state file and the hosts' run directories.</summary>
    public string Directory { get; }

    /// <summary>The hosts, in order.</summary>
    public ValueList<TestbedHost> Hosts { get; }

    /// <summary>The namespace holding the management and trunk bridges.</summary>
    public string NetworkNamespace => NamespaceName(Id, "net");

    /// <summary>The Linux bridge of the management network, in <see cref="NetworkNamespace"/>: every host's management interface is a port of it.</summary>
    public static string ManagementBridgeName => ManagementBridge;

    /// <summary>The management subnet (<c>10.255.&lt;id&gt;.0/24</c>).</summary>
    public string ManagementSubnet => $"10.255.{Id.ToString(CultureInfo.InvariantCulture)}.0/24";

    /// <summary>The prefix names of this testbed's namespaces start with; test endpoints named so are removed with it.</summary>
    public string Prefix => NamespaceName(Id, string.Empty);

    /// <summary>
    /// Creates a testbed of <paramref name="hostCount"/> hosts under a free id. On failure everything made so far
    /// is removed again.
    /// </summary>
    public static async Task<NamespaceTestbed> UpAsync(int hostCount, NamespaceTestbedOptions? options, CancellationToken cancellationToken)
    {
        if (hostCount is < 1 or > MaxHosts)
        {
            throw new ArgumentOutOfRangeException(nameof(hostCount), hostCount, $"a testbed has 1-{MaxHosts} hosts");
        }

        options ??= NamespaceTestbedOptions.Default;
        var machine = new ProcessCommandRunner();
        var id = await ClaimIdAsync(machine, cancellationToken).ConfigureAwait(false);
        var directory = Path.Combine(options.BaseDirectory, id.ToString(CultureInfo.InvariantCulture));
        var hosts = Enumerable.Range(1, hostCount).Select(i => new TestbedHost(
            i,
            $"h{i.ToString(CultureInfo.InvariantCulture)}",
            NamespaceName(id, $"h{i.ToString(CultureInfo.InvariantCulture)}"),
            $"10.255.{id.ToString(CultureInfo.InvariantCulture)}.{i.ToString(CultureInfo.InvariantCulture)}",
            24,
            HostManagementInterface,
            HostTrunkInterface,
            Path.Combine(directory, $"h{i.ToString(CultureInfo.InvariantCulture)}", "ovs")));
        var testbed = new NamespaceTestbed(id, directory, [.. hosts]);
        try
        {
            // The state file comes first, so even a half-built testbed can be found and removed.
            testbed.WriteState();
            await testbed.BuildAsync(options.StartOvs, cancellationToken).ConfigureAwait(false);
            return testbed;
        }
        catch
        {
            await testbed.DownAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The VXLAN uplink of <paramref name="host"/>: its management address, the others' as remotes.</summary>
    public VxlanUplink VxlanUplinkFor(TestbedHost host, int vni = VxlanUplink.DefaultVni)
    {
        ArgumentNullException.ThrowIfNull(host);
        return new VxlanUplink(host.ManagementAddress, [.. Hosts.Where(h => h != host).Select(h => h.ManagementAddress)], vni);
    }

    /// <summary>
    /// Removes everything: the hosts' Open vSwitch daemons, every namespace whose name starts with
    /// <see cref="Prefix"/> (hosts, the bridges' namespace, endpoints made in the testbed) and the directory.
    /// Running it again, or on a half-built testbed, is harmless.
    /// </summary>
    public async Task DownAsync(CancellationToken cancellationToken)
    {
        var hostSides = new List<string>();
        foreach (var host in Hosts)
        {
            // Deployments' host-side namespaces are named by their ports' labels, not by the prefix: read while OVS answers.
            hostSides.AddRange(await HostSideNamespacesAsync(host, cancellationToken).ConfigureAwait(false));

            // Deleting a namespace does not end the processes in it: the daemons are stopped first.
            await OvsDaemon.StopAtAsync(host.OvsOptions, _machine, null, cancellationToken).ConfigureAwait(false);
        }

        foreach (var name in hostSides.Distinct(StringComparer.Ordinal))
        {
            await _machine.RunAsync("ip", ["netns", "del", name], null, cancellationToken).ConfigureAwait(false);
        }

        foreach (var name in await ListNamespacesAsync(_machine, cancellationToken).ConfigureAwait(false))
        {
            if (name.StartsWith(Prefix, StringComparison.Ordinal))
            {
                await _machine.RunAsync("ip", ["netns", "del", name], null, cancellationToken).ConfigureAwait(false);
            }
        }

        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    /// <summary>The host-side namespaces (<c>nines-netns</c> labels) of the deployments on a host's bridge; none when its OVS is gone.</summary>
    private async Task<IEnumerable<string>> HostSideNamespacesAsync(TestbedHost host, CancellationToken cancellationToken)
    {
        if (!File.Exists(host.OvsOptions.DatabaseSocket))
        {
            return [];
        }

        var listed = await host.Runner(_machine).RunAsync(
            "ovs-vsctl", [$"--db=unix:{host.OvsOptions.DatabaseSocket}", "--timeout=5", "--format=json", "--columns=external_ids", "list", "Port"], null, cancellationToken).ConfigureAwait(false);
        return listed.Succeeded
            ? [.. OvsTable.Parse(listed.StandardOutput).Select(r => OvsTable.Map(r["external_ids"]).GetValueOrDefault(Applying.PortLabels.Netns)).OfType<string>()]
            : [];
    }

    private async Task BuildAsync(bool startOvs, CancellationToken cancellationToken)
    {
        var net = NetworkNamespace;
        await InAsync(net, ["ip", "link", "set", "lo", "up"], cancellationToken).ConfigureAwait(false);
        foreach (var bridge in new[] { ManagementBridge, TrunkBridge })
        {
            // No vlan_filtering: a plain Linux bridge forwards 802.1q-tagged frames as they are.
            await InAsync(net, ["ip", "link", "add", bridge, "type", "bridge"], cancellationToken).ConfigureAwait(false);
            await InAsync(net, ["ip", "link", "set", bridge, "up"], cancellationToken).ConfigureAwait(false);
        }

        foreach (var host in Hosts)
        {
            await MachineAsync(["ip", "netns", "add", host.Namespace], cancellationToken).ConfigureAwait(false);
            await InAsync(host.Namespace, ["ip", "link", "set", "lo", "up"], cancellationToken).ConfigureAwait(false);
            var index = host.Index.ToString(CultureInfo.InvariantCulture);
            await LinkAsync(host, host.ManagementInterface, $"h{index}m", ManagementBridge, cancellationToken).ConfigureAwait(false);
            await LinkAsync(host, host.TrunkInterface, $"h{index}t", TrunkBridge, cancellationToken).ConfigureAwait(false);
            await InAsync(
                host.Namespace,
                ["ip", "addr", "add", $"{host.ManagementAddress}/{host.ManagementPrefixLength.ToString(CultureInfo.InvariantCulture)}", "dev", host.ManagementInterface],
                cancellationToken).ConfigureAwait(false);
            if (startOvs)
            {
                await OvsDaemon.StartAsync(host.OvsOptions, host.Runner(_machine), null, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>A veth made directly in the two namespaces (never in ours), its bridge end enslaved, both ends up.</summary>
    private async Task LinkAsync(TestbedHost host, string hostEnd, string bridgeEnd, string bridge, CancellationToken cancellationToken)
    {
        var net = NetworkNamespace;
        await MachineAsync(
            ["ip", "link", "add", hostEnd, "netns", host.Namespace, "type", "veth", "peer", "name", bridgeEnd, "netns", net],
            cancellationToken).ConfigureAwait(false);
        await InAsync(net, ["ip", "link", "set", bridgeEnd, "master", bridge, "up"], cancellationToken).ConfigureAwait(false);
        await InAsync(host.Namespace, ["ip", "link", "set", hostEnd, "up"], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The lowest id whose bridge namespace does not exist yet, claimed by creating that namespace: <c>ip netns
    /// add</c> fails when it exists, so two processes never get the same id.
    /// </summary>
    private static async Task<int> ClaimIdAsync(ICommandRunner machine, CancellationToken cancellationToken)
    {
        var existing = (await ListNamespacesAsync(machine, cancellationToken).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
        for (var id = 1; id <= MaxId; id++)
        {
            var name = NamespaceName(id, "net");
            if (existing.Contains(name))
            {
                continue;
            }

            var added = await machine.RunAsync("ip", ["netns", "add", name], null, cancellationToken).ConfigureAwait(false);
            if (added.Succeeded)
            {
                return id;
            }
        }

        throw new NetworkCommandException($"no free testbed id: all {MaxId} are in use (run 'nines testbed down' on old ones)");
    }

    private static async Task<List<string>> ListNamespacesAsync(ICommandRunner machine, CancellationToken cancellationToken)
    {
        var listed = (await machine.RunAsync("ip", ["netns", "list"], null, cancellationToken).ConfigureAwait(false)).ThrowIfFailed();

        // Lines look like "name (id: 3)" or just "name".
        return [.. listed.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(l => l.Split(' ')[0])];
    }

    private static string NamespaceName(int id, string suffix) =>
        $"{NamespacePrefix}{id.ToString(CultureInfo.InvariantCulture)}-{suffix}";

    private async Task MachineAsync(IReadOnlyList<string> command, CancellationToken cancellationToken) =>
        (await _machine.RunAsync(command[0], [.. command.Skip(1)], null, cancellationToken).ConfigureAwait(false)).ThrowIfFailed();

    private Task InAsync(string ns, IReadOnlyList<string> command, CancellationToken cancellationToken) =>
        MachineAsync(["ip", "netns", "exec", ns, .. command], cancellationToken);
}

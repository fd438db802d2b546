using System.Globalization;
using System.Net;
using Nines.Cli.Hosting;
using Nines.Networking.Commands;
using Nines.Networking.Testbed;
using Nines.Testing;

namespace Nines.Cli.Tests.Cluster;

/// <summary>
/// <c>nines agent</c> processes that run <em>inside</em> their testbed hosts' namespaces, so that all their management
/// traffic crosses the host's own management link (<c>mgmt0</c> → the testbed's management bridge): the agent listens
/// on its management address and reaches etcd at the management bridge's address. The test's etcd and controller stay
/// in this process; two kinds of relay join them to the management network without any route from the machine's
/// namespace into the testbed: etcd's relay listens on the bridge's address (in the bridges' namespace), and each
/// agent's relay listens on loopback here and connects from the bridges' namespace to the agent (its advertised URL).
/// Setting a host's <c>mgmt0</c> and <c>trunk0</c> down then partitions it for real.
/// </summary>
internal sealed class NamespaceAgents : IAsyncDisposable
{
    public const int AgentPort = 7070;
    private const int StorePort = 2379;
    private const string ControllerSide = "254";

    private readonly CliCluster _cluster;
    private readonly NamespaceTestbed _testbed;
    private readonly ICommandRunner _machine = new ProcessCommandRunner();
    private readonly TcpLinkProxy _store;
    private readonly List<TcpLinkProxy> _agentLinks = [];

    private NamespaceAgents(CliCluster cluster, NamespaceTestbed testbed, TcpLinkProxy store)
    {
        _cluster = cluster;
        _testbed = testbed;
        _store = store;
    }

    /// <summary>The store URL the agents use: etcd's relay on the management bridge.</summary>
    public string Store => $"etcd://{_store.Url.Authority}";

    /// <summary>Gives the management bridge its address and puts etcd's relay on it.</summary>
    public static async Task<NamespaceAgents> StartAsync(CliCluster cluster, NamespaceTestbed testbed, CancellationToken ct)
    {
        var address = ControllerAddress(testbed);
        var machine = new ProcessCommandRunner();
        (await machine.RunAsync("ip", ["-n", testbed.NetworkNamespace, "addr", "add", $"{address}/24", "dev", NamespaceTestbed.ManagementBridgeName], null, ct)).ThrowIfFailed();
        var etcd = cluster.Etcd.ClientUrl;
        var store = new TcpLinkProxy(
            new IPEndPoint(IPAddress.Parse(etcd.Host), etcd.Port),
            new IPEndPoint(IPAddress.Parse(address), StorePort),
            listenNamespace: testbed.NetworkNamespace);
        return new NamespaceAgents(cluster, testbed, store);
    }

    /// <summary>Starts <c>nines agent</c> in <paramref name="host"/>'s namespace (its QEMU and Open vSwitch there too) and waits until it answers.</summary>
    public async Task<AgentInfo> StartAgentAsync(TestbedHost host, IReadOnlyList<string> extra, CancellationToken ct)
    {
        var link = new TcpLinkProxy(new IPEndPoint(IPAddress.Parse(host.ManagementAddress), AgentPort), targetNamespace: _testbed.NetworkNamespace);
        _agentLinks.Add(link);
        var data = TestbedProbe.HostDirectory(host);

        // The controller's API is not reachable from inside the namespace: the agent gets its certificate as a join would.
        if (Nines.Contracts.Security.TlsCredentials.TryLoad(data) is null)
        {
            _cluster.ProvisionAgent(host.Name, data);
        }

        return await AgentLauncher.StartAsync(
            data,
            [
                "--host", host.Name, "--listen", $"{host.ManagementAddress}:{AgentPort.ToString(CultureInfo.InvariantCulture)}", "--advertise", $"https://{link.Url.Authority}",
                "--store", Store, "--data", data, "--netns", host.Namespace, .. extra,
            ],
            host.Namespace,
            ct);
    }

    /// <summary>Partitions <paramref name="host"/>: its trunk and management interfaces go down (the bridge ports lose carrier too).</summary>
    public Task CutAsync(TestbedHost host, CancellationToken ct) => SetLinksAsync(host, "down", ct);

    /// <summary>Heals the partition of <paramref name="host"/>.</summary>
    public Task HealAsync(TestbedHost host, CancellationToken ct) => SetLinksAsync(host, "up", ct);

    public async ValueTask DisposeAsync()
    {
        foreach (var link in _agentLinks)
        {
            await link.DisposeAsync();
        }

        await _store.DisposeAsync();
    }

    private static string ControllerAddress(NamespaceTestbed testbed) => $"10.255.{testbed.Id.ToString(CultureInfo.InvariantCulture)}.{ControllerSide}";

    private async Task SetLinksAsync(TestbedHost host, string state, CancellationToken ct)
    {
        foreach (var link in new[] { host.TrunkInterface, host.ManagementInterface })
        {
            (await TestbedProbe.InAsync(host, _machine, ct, "ip", "link", "set", link, state)).ThrowIfFailed();
        }
    }
}

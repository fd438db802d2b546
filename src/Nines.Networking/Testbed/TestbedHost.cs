using System.Text.Json.Serialization;
using Nines.Networking.Commands;
using Nines.Networking.Ovs;
using Nines.Networking.Trunks;

namespace Nines.Networking.Testbed;

/// <summary>
/// One namespace host of a testbed: a network namespace with a management interface (an address on the
/// testbed's management bridge) and a trunk interface (onto the shared trunk bridge), and its own Open
/// vSwitch run directory.
/// </summary>
/// <param name="Index">1-based position in the testbed.</param>
/// <param name="Name">The host's name in a cluster (<c>h1</c>, <c>h2</c> …).</param>
/// <param name="Namespace">Its network namespace (<c>nines-tb-&lt;id&gt;-h&lt;i&gt;</c>).</param>
/// <param name="ManagementAddress">Its management address (<c>10.255.&lt;id&gt;.&lt;i&gt;</c>): reachable from the other hosts only.</param>
/// <param name="ManagementPrefixLength">The management subnet's prefix length.</param>
/// <param name="ManagementInterface">The management interface inside the namespace.</param>
/// <param name="TrunkInterface">The trunk interface inside the namespace: its <see cref="TrunkUplink"/>.</param>
/// <param name="RunDirectory">The run directory of the host's Open vSwitch instance.</param>
public sealed record TestbedHost(
    int Index,
    string Name,
    string Namespace,
    string ManagementAddress,
    int ManagementPrefixLength,
    string ManagementInterface,
    string TrunkInterface,
    string RunDirectory)
{
    /// <summary>The host's Open vSwitch instance.</summary>
    [JsonIgnore]
    public OvsDaemonOptions OvsOptions => new(RunDirectory);

    /// <summary>The 802.1q uplink of this host: its trunk veth.</summary>
    [JsonIgnore]
    public TrunkUplink TrunkUplink => new(TrunkInterface);

    /// <summary>Runs commands inside the host's namespace.</summary>
    public NetnsCommandRunner Runner(ICommandRunner machine) => new(Namespace, machine);

    /// <summary>Connects to the host's running Open vSwitch instance (adopting it), starting it if it is not running.</summary>
    public Task<OvsDaemon> ConnectOvsAsync(ICommandRunner machine, CancellationToken cancellationToken) =>
        OvsDaemon.StartAsync(OvsOptions, Runner(machine), null, cancellationToken);
}

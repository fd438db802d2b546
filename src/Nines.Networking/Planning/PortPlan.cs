using Nines.Domain;
using Nines.Domain.Scenarios;

namespace Nines.Networking.Planning;

/// <summary>A port on the bridge: an access port tagged into its segment.</summary>
/// <param name="Addresses">Host interface addresses (empty for taps: guests set their own).</param>
/// <param name="Namespace">
/// For host interfaces in a deployment's own namespace: that namespace. The port is then one end of a veth pair (both
/// ends named like the port) whose other end, carrying <paramref name="Addresses"/>, is in the namespace; null for an OVS
/// internal port in the switch's namespace.
/// </param>
public sealed record PortPlan(
    string Name,
    PortKind Kind,
    string Network,
    int Tag,
    string? Vm = null,
    int? InterfaceId = null,
    ValueList<IpAddressSpec> Addresses = default,
    string? Namespace = null);

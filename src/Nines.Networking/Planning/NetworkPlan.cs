using Nines.Domain;
using Nines.Domain.Scenarios;

namespace Nines.Networking.Planning;

/// <summary>
/// Exactly the network objects one scenario must have on one host: its segments, the ports on the
/// host's bridge (taps and host interfaces), host routes and forwarding. Everything else the scenario
/// owns on the host is stale and is removed by the applier.
/// </summary>
public sealed record NetworkPlan(
    string Bridge,
    string ScenarioId,
    ValueList<SegmentPlan> Segments,
    ValueList<PortPlan> Ports,
    ValueList<HostRoutePlan> Routes,
    bool Ipv4Forwarding,
    bool Ipv6Forwarding)
{
    /// <summary>
    /// The network namespace of the deployment's own that its host side (host interfaces, routes, forwarding) lives in;
    /// null when it has no host interface on this host, or when the host side is <see cref="HostSideMode.Shared"/>.
    /// </summary>
    public string? HostSideNamespace { get; init; }

    public IEnumerable<PortPlan> Taps => Ports.Where(p => p.Kind == PortKind.Tap);

    public IEnumerable<PortPlan> HostInterfaces => Ports.Where(p => p.Kind == PortKind.HostInterface);

    /// <summary>The tap of a VM interface, or null when that interface is not on this host.</summary>
    public PortPlan? FindTap(string vm, int interfaceId) =>
        Taps.FirstOrDefault(p => p.Vm == vm && p.InterfaceId == interfaceId);

    /// <summary>The port (tap or veth) of a VM interface, or null when that interface is not on this host.</summary>
    public PortPlan? FindVmPort(string vm, int interfaceId) =>
        Ports.FirstOrDefault(p => p.Kind is PortKind.Tap or PortKind.Veth && p.Vm == vm && p.InterfaceId == interfaceId);

    public SegmentPlan? FindSegment(string network) => Segments.FirstOrDefault(s => s.Network == network);
}

/// <summary>One scenario network on this host: an isolated segment of the bridge, identified by its VLAN tag.</summary>
/// <param name="CrossHost">The tag came from the cluster plan (the network spans hosts) rather than the local pool.</param>
public sealed record SegmentPlan(string Network, int Tag, bool CrossHost);

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

/// <summary>A host route (VNUML <c>&lt;host&gt;&lt;route&gt;</c>) through one of the scenario's host interfaces.</summary>
public sealed record HostRoutePlan(IpFamily Family, string Destination, string Gateway, string Device)
{
    /// <summary>The form kept in a host port's <c>nines-routes</c> external id.</summary>
    public override string ToString() => $"{Destination} via {Gateway}";
}

using Nines.Domain;

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

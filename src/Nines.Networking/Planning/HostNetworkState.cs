using Nines.Domain;

namespace Nines.Networking.Planning;

/// <summary>What a port made by Nines is for (external id <c>nines-kind</c>).</summary>
public enum PortKind
{
    /// <summary>A tap a VM interface is plugged into (<c>tap</c>).</summary>
    Tap,

    /// <summary>An OVS internal port giving the host an address on a segment (<c>host</c>, VNUML <c>&lt;hostif&gt;</c>).</summary>
    HostInterface,

    /// <summary>
    /// The host end of a veth pair whose other end is an OS-level instance's interface (<c>veth</c>). The applier
    /// makes only the port record; the container driver creates the pair when the instance starts (OVS picks the
    /// device up when it appears), and it vanishes with the instance's network namespace.
    /// </summary>
    Veth,

    /// <summary>
    /// The host's uplink (<c>trunk</c>): one per bridge, owned by no scenario, carrying every cross-host VLAN
    /// tagged (an 802.1q trunk interface or a VXLAN device; see <see cref="Trunks.HostUplink"/>).
    /// </summary>
    Trunk,
}

/// <summary>
/// A port on the host's bridge as Open vSwitch reports it: the labels Nines put in its external_ids, so
/// allocations survive restarts and teardown needs nothing but OVS's own state.
/// </summary>
/// <param name="Name">The port (and interface) name.</param>
/// <param name="Tag">The access VLAN tag, if any.</param>
/// <param name="ScenarioId">external_ids <c>nines-scenario</c>; null for ports Nines did not make.</param>
/// <param name="Routes">For host ports: the routes made through it (<c>nines-routes</c>), so they can be removed.</param>
/// <param name="CrossHost">The port's segment is a cross-host network (<c>nines-cross-host</c>): its tag must be on the uplink.</param>
/// <param name="Trunks">The VLANs the port trunks (OVS <c>trunks</c>); empty for access ports.</param>
/// <param name="Uplink">For the uplink port: its kind (<c>nines-uplink</c>: <c>802.1q</c> or <c>vxlan</c>).</param>
/// <param name="HostNamespace">
/// For host ports: the deployment's host-side namespace the port's veth peer is in (<c>nines-netns</c>); null for an
/// internal port in the switch's own namespace (<see cref="HostSideMode.Shared"/>).
/// </param>
public sealed record ObservedPort(
    string Name,
    int? Tag,
    string? ScenarioId,
    PortKind? Kind,
    string? Network,
    string? Vm,
    int? InterfaceId,
    ValueList<HostRoutePlan> Routes = default,
    string? InterfaceType = null,
    bool CrossHost = false,
    ValueList<int> Trunks = default,
    string? Uplink = null,
    string? HostNamespace = null)
{
    public bool IsOurs => ScenarioId is not null && Kind is not null && Network is not null;
}

/// <summary>Every port on the host's bridge (ours and foreign), as read back from Open vSwitch.</summary>
/// <param name="SwitchNamespace">
/// The network namespace the switch runs in (null: the machine's own): part of every host-side namespace's name
/// (<see cref="HostSideNamespace.Name"/>).
/// </param>
public sealed record HostNetworkState(ValueList<ObservedPort> Ports, string? SwitchNamespace = null)
{
    public static HostNetworkState Empty { get; } = new(ValueList<ObservedPort>.Empty);
}

using Nines.Domain;

namespace Nines.Networking.Planning;

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

using Nines.Domain;

namespace Nines.Networking.Trunks;

/// <summary>
/// The host's uplink port as it must be: <see cref="Vlans"/> are exactly the cross-host VLANs the
/// deployments on <see cref="Bridge"/> use. No uplink, or no such VLAN, means no port.
/// </summary>
/// <param name="Bridge">The host's bridge.</param>
/// <param name="Uplink">The host's uplink, or null when it has none.</param>
/// <param name="Vlans">The cross-host VLANs in use, ascending: the trunk port's <c>trunks</c>.</param>
public sealed record UplinkPlan(string Bridge, HostUplink? Uplink, ValueList<int> Vlans)
{
    /// <summary>Whether the bridge must have the uplink port.</summary>
    public bool HasPort => Uplink is not null && Vlans.Count > 0;

    /// <summary>The uplink port's name (the trunk interface or the VXLAN device), or null without an uplink.</summary>
    public string? PortName => Uplink switch
    {
        TrunkUplink trunk => trunk.Interface,
        VxlanUplink vxlan => vxlan.Device,
        _ => null,
    };
}

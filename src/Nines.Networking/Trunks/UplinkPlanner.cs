using System.Globalization;
using System.Net;
using Nines.Domain;
using Nines.Domain.Diagnostics;
using Nines.Networking.Planning;

namespace Nines.Networking.Trunks;

/// <summary>
/// Decides the host's uplink port from what is on the bridge (pure). The VLAN list is recomputed from the
/// ports' labels every time, never kept elsewhere, so an apply or a removal of any deployment leaves the
/// trunk carrying exactly the cross-host VLANs still in use.
/// </summary>
public static class UplinkPlanner
{
    private const string Field = "uplink";

    /// <summary>The uplink port <paramref name="bridge"/> must have given its ports <paramref name="state"/>.</summary>
    public static UplinkPlan Plan(string bridge, HostNetworkState state, HostUplink? uplink)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(bridge);
        ArgumentNullException.ThrowIfNull(state);
        return new UplinkPlan(bridge, uplink, CrossHostVlans(state));
    }

    /// <summary>The tags of every segment a deployment marked as cross-host, ascending and distinct.</summary>
    public static ValueList<int> CrossHostVlans(HostNetworkState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return [.. state.Ports.Where(p => p.IsOurs && p.CrossHost && p.Tag is not null).Select(p => p.Tag!.Value).Distinct().Order()];
    }

    /// <summary>Every problem of <paramref name="uplink"/>, each naming its field; empty when it can be used.</summary>
    public static ValueList<Diagnostic> Validate(HostUplink uplink)
    {
        ArgumentNullException.ThrowIfNull(uplink);
        var bag = new DiagnosticBag();
        var location = SourceLocation.OfFile("host uplink");
        switch (uplink)
        {
            case TrunkUplink trunk:
                CheckName(trunk.Interface, $"{Field}.interface", bag, location);
                break;
            case VxlanUplink vxlan:
                CheckName(vxlan.Device, $"{Field}.device", bag, location);
                var local = CheckAddress(vxlan.LocalAddress, $"{Field}.localAddress", bag, location);
                if (vxlan.Remotes.Count == 0)
                {
                    bag.Error(NetworkPlanCodes.InvalidUplink, location, $"{Field}.remotes", "a VXLAN uplink needs at least one remote host address");
                }

                for (var i = 0; i < vxlan.Remotes.Count; i++)
                {
                    var field = $"{Field}.remotes[{i.ToString(CultureInfo.InvariantCulture)}]";
                    var remote = CheckAddress(vxlan.Remotes[i], field, bag, location);
                    if (remote is not null && local is not null && remote.AddressFamily != local.AddressFamily)
                    {
                        bag.Error(NetworkPlanCodes.InvalidUplink, location, field, $"remote {remote} is not of the local address's family ({local})");
                    }
                    else if (remote is not null && remote.Equals(local))
                    {
                        bag.Error(NetworkPlanCodes.InvalidUplink, location, field, $"remote {remote} is this host's own local address");
                    }
                }

                if (vxlan.Vni is < 1 or > VxlanUplink.MaxVni)
                {
                    bag.Error(NetworkPlanCodes.InvalidUplink, location, $"{Field}.vni", $"VNI {vxlan.Vni} is outside 1-{VxlanUplink.MaxVni}");
                }

                if (vxlan.UdpPort is < 1 or > 65535)
                {
                    bag.Error(NetworkPlanCodes.InvalidUplink, location, $"{Field}.udpPort", $"UDP port {vxlan.UdpPort} is outside 1-65535");
                }

                break;
            default:
                bag.Error(NetworkPlanCodes.InvalidUplink, location, Field, $"unknown uplink kind {uplink.GetType().Name} (expected a trunk interface or VXLAN)");
                break;
        }

        return bag.ToSortedList();
    }

    private static void CheckName(string name, string field, DiagnosticBag bag, SourceLocation location)
    {
        var valid = !string.IsNullOrEmpty(name)
            && name.Length <= InterfaceNamer.MaxLength
            && name is not "." and not ".."
            && name.All(c => c > ' ' && c < 127 && c is not '/' and not ':');
        if (!valid)
        {
            bag.Error(NetworkPlanCodes.InvalidUplink, location, field, $"\"{name}\" is not a Linux interface name (expected 1-{InterfaceNamer.MaxLength} printable characters without '/', ':' or spaces)");
        }
    }

    private static IPAddress? CheckAddress(string? text, string field, DiagnosticBag bag, SourceLocation location)
    {
        if (IPAddress.TryParse(text, out var address))
        {
            return address;
        }

        bag.Error(NetworkPlanCodes.InvalidUplink, location, field, $"\"{text}\" is not an IP address");
        return null;
    }
}

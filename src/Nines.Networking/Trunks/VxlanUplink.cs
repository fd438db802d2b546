using Nines.Domain;

namespace Nines.Networking.Trunks;

/// <summary>
/// For hosts without a shared layer-2 segment: one kernel VXLAN device (made and removed by Nines) whose
/// frames are the bridge's 802.1q-tagged frames, so one fixed VNI carries every cross-host VLAN and the
/// inner tags keep them apart. It sends to every remote (head-end replication through all-zero FDB
/// entries) and learns where each MAC lives; a frame that came in from the tunnel is never sent back into
/// it, so a full mesh of hosts has no loop.
/// </summary>
/// <param name="LocalAddress">This host's underlay address (an address of one of its interfaces).</param>
/// <param name="Remotes">The underlay addresses of the other hosts.</param>
/// <param name="Vni">The VXLAN network identifier all hosts of the cluster use (1–16777215).</param>
/// <param name="UdpPort">The UDP port (4789 is IANA's).</param>
/// <param name="Device">The name of the VXLAN device and its port.</param>
public sealed record VxlanUplink(
    string LocalAddress,
    ValueList<string> Remotes,
    int Vni = VxlanUplink.DefaultVni,
    int UdpPort = VxlanUplink.DefaultUdpPort,
    string Device = VxlanUplink.DefaultDevice) : HostUplink
{
    public const int DefaultVni = 4094;
    public const int DefaultUdpPort = 4789;
    public const string DefaultDevice = "nines-vx0";
    public const int MaxVni = 16_777_215;

    /// <summary>
    /// The bytes VXLAN adds (outer IPv4 20 + UDP 8 + VXLAN 8 + inner Ethernet 14) plus the inner 802.1q tag:
    /// guests on cross-host networks need an MTU this much below the underlay's.
    /// </summary>
    public const int Overhead = 54;
}

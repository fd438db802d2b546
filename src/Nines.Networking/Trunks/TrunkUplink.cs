namespace Nines.Networking.Trunks;

/// <summary>
/// An existing Linux interface on a layer-2 segment shared with the other hosts (EDIV <c>if_name</c>: the
/// physical NIC; in the testbed a veth onto the shared trunk bridge). It becomes an OVS trunk port; the
/// userspace datapath pushes and pops the tags, so the kernel needs no 8021q module. Nines never creates
/// or deletes the interface itself, only its port.
/// </summary>
/// <param name="Interface">The interface name (at most 15 characters). It should be dedicated to the trunk: its own addresses stop working once it is a bridge port.</param>
public sealed record TrunkUplink(string Interface) : HostUplink;

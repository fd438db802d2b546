namespace Nines.Networking.Ovs;

/// <summary>Which Open vSwitch datapath forwards packets (the bridge's <c>datapath_type</c>).</summary>
public enum OvsDatapath
{
    /// <summary>The kernel datapath (<c>system</c>): needs the <c>openvswitch</c> kernel module.</summary>
    System,

    /// <summary>The userspace datapath (<c>netdev</c>) inside <c>ovs-vswitchd</c>: works without the module.</summary>
    Netdev,
}

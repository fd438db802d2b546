namespace Nines.Networking.Trunks;

/// <summary>
/// How a host's bridge reaches the other hosts of the cluster: the one port that carries every cross-host
/// VLAN, 802.1q-tagged. Host configuration, not scenario data: the applier of a host is built with it.
/// </summary>
public abstract record HostUplink;

namespace Nines.Domain.Clusters;

/// <summary>
/// The hosts a scenario can be spread over and the VLAN ids cross-host networks may use
/// (EDIV <c>cluster.conf</c> or native YAML).
/// </summary>
/// <param name="DefaultAlgorithm">The partitioner used when the user names none (EDIV <c>default_segmentation</c>).</param>
public sealed record ClusterSpec(
    ValueList<HostSpec> Hosts,
    VlanRange Vlans,
    string? DefaultAlgorithm = null,
    string? ManagementNetwork = null,
    int? ManagementPrefixLength = null)
{
    public HostSpec? FindHost(string name) => Hosts.FirstOrDefault(h => h.Name == name);
}

/// <summary>An inclusive range of VLAN ids (802.1q allows 1–4094).</summary>
public sealed record VlanRange(int First, int Last)
{
    public const int MinId = 1;
    public const int MaxId = 4094;

    public int Count => Last - First + 1;

    public override string ToString() => $"{First}-{Last}";
}

/// <summary>
/// One host of the cluster.
/// </summary>
/// <param name="Name">The name the cluster uses for the host (EDIV section name).</param>
/// <param name="Address">Its DNS name or IP address (EDIV <c>host_name</c>).</param>
/// <param name="MemoryMiB">Memory available to VMs, in MiB.</param>
/// <param name="CpuSpeed">Relative CPU capacity, in percent of a reference host (EDIV <c>cpu</c>).</param>
/// <param name="MaxVms">Most VMs the host may run; 0 means unlimited (EDIV's convention).</param>
/// <param name="TrunkInterface">The interface that carries VLAN-tagged traffic to other hosts (EDIV <c>if_name</c>).</param>
/// <param name="Load">Current load, 0 (idle) to 1 (fully loaded); weighted round robin gives loaded hosts fewer VMs.</param>
/// <param name="Vcpus">How many vCPUs the host can run; null means unlimited.</param>
public sealed record HostSpec(
    string Name,
    string? Address = null,
    long MemoryMiB = 0,
    int CpuSpeed = 100,
    int MaxVms = 0,
    string? TrunkInterface = null,
    double Load = 0,
    int? Vcpus = null);

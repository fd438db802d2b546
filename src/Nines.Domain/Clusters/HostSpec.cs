namespace Nines.Domain.Clusters;

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

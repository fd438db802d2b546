namespace Nines.Drivers;

/// <summary>
/// A run-time change of a VM's resource controls (<see cref="IVmDriver.ResizeAsync"/>); null members stay as they are.
/// </summary>
/// <param name="CpuQuotaPercent">New hard CPU cap in percent of one CPU; 0 removes the cap.</param>
/// <param name="CpuShares">New relative CPU weight (1024 is the default).</param>
/// <param name="MemoryLimitMiB">New hard memory limit in MiB.</param>
/// <param name="PidsLimit">New maximum number of processes; 0 removes the limit.</param>
/// <param name="CpuPinning">New host CPUs, cpuset syntax (<c>0-1,3</c>).</param>
public sealed record QosChange(
    int? CpuQuotaPercent = null,
    int? CpuShares = null,
    long? MemoryLimitMiB = null,
    int? PidsLimit = null,
    string? CpuPinning = null);

namespace Nines.Api.Contracts;

/// <summary>Changes a running VM's resource controls; fields left out stay as they are (at least one is required).</summary>
/// <param name="CpuQuotaPercent">Hard CPU cap in percent of one CPU (0 removes the cap).</param>
/// <param name="CpuShares">Relative CPU weight (2 to 262144; 1024 is the default).</param>
/// <param name="MemoryLimitMiB">Hard memory limit in MiB (at least 4).</param>
/// <param name="PidsLimit">Maximum number of processes (0 removes the limit).</param>
/// <param name="CpuPinning">Host CPUs, cpuset syntax (<c>0-1,3</c>).</param>
public sealed record VmResizeRequest(
    int? CpuQuotaPercent = null,
    int? CpuShares = null,
    long? MemoryLimitMiB = null,
    int? PidsLimit = null,
    string? CpuPinning = null);

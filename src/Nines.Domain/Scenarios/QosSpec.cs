namespace Nines.Domain.Scenarios;

/// <summary>
/// Resource controls for a VM or instance (native only).
/// </summary>
/// <param name="CpuShares">Relative CPU weight (cgroup <c>cpu.shares</c>, default 1024).</param>
/// <param name="CpuQuotaPercent">Hard CPU cap in percent of one CPU (150 = one and a half CPUs).</param>
/// <param name="CpuPinning">Host CPUs the VM may run on, in cpuset syntax (<c>0-1,3</c>).</param>
/// <param name="MemoryLimitMiB">Hard memory limit in MiB.</param>
/// <param name="RealTimePriority">SCHED_FIFO priority (1–99) for the VM's threads; unset means normal scheduling.</param>
public sealed record QosSpec(
    int? CpuShares = null,
    int? CpuQuotaPercent = null,
    string? CpuPinning = null,
    long? MemoryLimitMiB = null,
    int? RealTimePriority = null);

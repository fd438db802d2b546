namespace Nines.Drivers;

/// <summary>
/// The limits in force on an OS-level instance and its control-group counters. A limit that is not set is null.
/// </summary>
/// <param name="CpuQuotaPercent">CFS quota in percent of one CPU.</param>
/// <param name="CpuShares">Relative CPU weight (v1 <c>cpu.shares</c>; on v2 converted from <c>cpu.weight</c>).</param>
/// <param name="CpuUsage">Total CPU time used by the instance's processes.</param>
/// <param name="OomKills">Processes the kernel's OOM killer killed in the instance since it started.</param>
public sealed record CgroupKpis(
    int? CpuQuotaPercent,
    int? CpuShares,
    string? CpuPinning,
    long? MemoryLimitBytes,
    long MemoryUsageBytes,
    long? MemoryMaxUsageBytes,
    int Pids,
    int? PidsLimit,
    long OomKills,
    TimeSpan CpuUsage);

namespace Nines.Drivers.Container.Cgroups;

/// <summary>A group's limits and counters at one moment.</summary>
internal sealed record CgroupSnapshot(
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

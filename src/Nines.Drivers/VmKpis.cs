using Nines.Domain;

namespace Nines.Drivers;

/// <summary>
/// One sample of a VM's key performance indicators. Values a driver cannot measure are null, never zero.
/// </summary>
/// <param name="Uptime">Time since the process started (zero when it does not run).</param>
/// <param name="HostCpuPercent">CPU the hypervisor process used on the host since the previous sample, in percent of one CPU.</param>
/// <param name="RssBytes">Resident memory of the hypervisor process on the host.</param>
/// <param name="HeartbeatAge">Time since the guest last answered a ping; null before the first answer.</param>
/// <param name="Cgroup">The instance's control-group limits and counters (container driver); null for other drivers.</param>
public sealed record VmKpis(
    string Id,
    VmState State,
    DateTimeOffset SampledAt,
    TimeSpan Uptime,
    int Vcpus,
    double? HostCpuPercent = null,
    long? RssBytes = null,
    GuestMemoryKpis? GuestMemory = null,
    ValueList<DiskKpis> Disks = default,
    ValueList<NicKpis> Nics = default,
    TimeSpan? HeartbeatAge = null,
    CgroupKpis? Cgroup = null);

/// <summary>Guest memory as the balloon driver reports it.</summary>
public sealed record GuestMemoryKpis(long ActualBytes, long? FreeBytes = null, long? TotalBytes = null);

/// <summary>Cumulative counters of one virtual disk.</summary>
public sealed record DiskKpis(string Device, long ReadBytes, long WrittenBytes, long ReadOperations, long WriteOperations);

/// <summary>Cumulative counters of one NIC, from the guest's point of view (received = into the guest).</summary>
public sealed record NicKpis(int NicId, long ReceivedBytes, long TransmittedBytes, long ReceivedPackets, long TransmittedPackets);

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

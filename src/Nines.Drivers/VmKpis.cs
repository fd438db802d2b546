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

namespace Nines.Api.Contracts;

/// <summary>A fresh KPI sample of one VM (values the driver cannot measure are null).</summary>
public sealed record VmKpisView(
    string Vm,
    string State,
    DateTimeOffset SampledAt,
    TimeSpan Uptime,
    int Vcpus,
    double? HostCpuPercent,
    long? RssBytes,
    long? GuestMemoryBytes,
    long? GuestFreeBytes,
    IReadOnlyList<DiskKpisView> Disks,
    IReadOnlyList<NicKpisView> Nics,
    TimeSpan? HeartbeatAge);

namespace Nines.Drivers.Qemu.Qmp;

/// <summary>The answer to <c>query-status</c>: whether the vCPUs run and QEMU's run state (running, paused, shutdown, …).</summary>
internal sealed record QmpStatus(bool Running, string Status);

/// <summary>One vCPU from <c>query-cpus-fast</c>; the host thread id lets the driver account CPU time per vCPU.</summary>
internal sealed record QmpCpu(int Index, long ThreadId, string QomPath);

/// <summary>The balloon's current guest memory size in bytes (<c>query-balloon</c>).</summary>
internal sealed record QmpBalloon(long ActualBytes);

/// <summary>Counters of one block device from <c>query-blockstats</c>.</summary>
internal sealed record QmpBlockStats(string Device, string? NodeName, string? QdevPath, long ReadBytes, long WrittenBytes, long ReadOperations, long WriteOperations, long FlushOperations);

/// <summary>The answer to <c>query-migrate</c>; <see cref="Status"/> is absent (<c>none</c>) before any migration.</summary>
/// <remarks>
/// Times are QEMU's milliseconds; <see cref="DirtyPagesRate"/> is pages per second of <see cref="PageSize"/> bytes, <see cref="Mbps"/>
/// the stream's megabits per second; <see cref="SocketAddresses"/> is where a destination listens (<c>tcp:HOST:PORT</c>).
/// </remarks>
internal sealed record QmpMigrationStatus(
    string Status,
    long? TransferredBytes,
    long? RemainingBytes,
    long? TotalBytes,
    string? ErrorDescription,
    long? TotalTimeMs = null,
    long? DowntimeMs = null,
    long? ExpectedDowntimeMs = null,
    long? DirtyPagesRate = null,
    long? PageSize = null,
    double? Mbps = null,
    long? DirtySyncCount = null,
    long? ThrottlePercent = null,
    IReadOnlyList<string>? SocketAddresses = null)
{
    /// <summary>True once the migration can make no more progress (completed, failed or cancelled).</summary>
    public bool IsFinished => Status is "completed" or "failed" or "cancelled";
}

/// <summary>Migration tuning for <c>migrate-set-parameters</c>; null members are left as they are.</summary>
internal sealed record QmpMigrationParameters(
    long? MaxBandwidthBytesPerSecond = null,
    long? DowntimeLimitMilliseconds = null,
    int? CpuThrottleInitialPercent = null,
    int? CpuThrottleIncrementPercent = null);

/// <summary>The answer to <c>query-kvm</c>: whether KVM is compiled in (present) and in use (enabled).</summary>
internal sealed record QmpKvmStatus(bool Enabled, bool Present);

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
internal sealed record QmpMigrationStatus(string Status, long? TransferredBytes, long? RemainingBytes, long? TotalBytes, string? ErrorDescription)
{
    /// <summary>True once the migration can make no more progress (completed, failed or cancelled).</summary>
    public bool IsFinished => Status is "completed" or "failed" or "cancelled";
}

/// <summary>Migration tuning for <c>migrate-set-parameters</c>; null members are left as they are.</summary>
internal sealed record QmpMigrationParameters(long? MaxBandwidthBytesPerSecond = null, long? DowntimeLimitMilliseconds = null);

/// <summary>The answer to <c>query-kvm</c>: whether KVM is compiled in (present) and in use (enabled).</summary>
internal sealed record QmpKvmStatus(bool Enabled, bool Present);

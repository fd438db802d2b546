namespace Nines.Drivers.Qemu.Qmp;

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

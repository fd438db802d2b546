namespace Nines.Contracts.Model;

/// <summary>A live migration's progress on its operation: bytes, dirty rate, ETA, the downtime limit in force and, at the end, the downtime.</summary>
/// <param name="Status">The hypervisor's word (<c>preparing</c> before the stream starts, then <c>setup</c>, <c>active</c>, <c>completed</c>…).</param>
/// <param name="EtaSeconds">Estimated seconds left, null while unknown (the guest dirties memory as fast as it is sent).</param>
public sealed record MigrationRecord(
    string Vm,
    string From,
    string To,
    string Status,
    long TransferredBytes = 0,
    long RemainingBytes = 0,
    long TotalBytes = 0,
    long DirtyBytesPerSecond = 0,
    double? EtaSeconds = null,
    int DowntimeLimitMilliseconds = 0,
    int ThrottlePercent = 0,
    double? DowntimeMilliseconds = null,
    double? TotalMilliseconds = null);

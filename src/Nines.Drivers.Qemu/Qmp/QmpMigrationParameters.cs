namespace Nines.Drivers.Qemu.Qmp;

/// <summary>Migration tuning for <c>migrate-set-parameters</c>; null members are left as they are.</summary>
internal sealed record QmpMigrationParameters(
    long? MaxBandwidthBytesPerSecond = null,
    long? DowntimeLimitMilliseconds = null,
    int? CpuThrottleInitialPercent = null,
    int? CpuThrottleIncrementPercent = null);

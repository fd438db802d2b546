namespace Nines.Drivers.Migration;

/// <summary>How a live migration ended well: the guest runs on the destination.</summary>
/// <param name="TotalTime">From the start of the migration to the destination running (the hypervisor's figure).</param>
/// <param name="DowntimeMilliseconds">How long the guest was stopped (the hypervisor's figure).</param>
/// <param name="Final">The last progress sample (queried again after completion: some hypervisors report zeros at that instant).</param>
public sealed record MigrationResult(TimeSpan TotalTime, double DowntimeMilliseconds, long TransferredBytes, MigrationProgress Final);

namespace Nines.Drivers.Migration;

/// <summary>What a live migration has done so far (a sample while it runs; the last one when it ends).</summary>
/// <param name="Status">The hypervisor's word: <c>setup</c>, <c>active</c>, <c>device</c>, <c>completed</c>, <c>failed</c>, <c>cancelled</c>.</param>
/// <param name="Elapsed">Since the migration started.</param>
/// <param name="TransferredBytes">Memory sent so far.</param>
/// <param name="RemainingBytes">Memory still to send (dirty pages included).</param>
/// <param name="TotalBytes">The guest's memory.</param>
/// <param name="DirtyBytesPerSecond">How fast the guest dirties memory (0 before the first pass has ended).</param>
/// <param name="BandwidthBytesPerSecond">How fast the stream moves.</param>
/// <param name="Eta">Estimated time to completion, or null when the guest dirties memory as fast as it can be sent.</param>
/// <param name="DowntimeLimitMilliseconds">The limit of the schedule in force.</param>
/// <param name="ThrottlePercent">The auto-converge throttle applied to the vCPUs (0 when none).</param>
/// <param name="Passes">Passes over the guest's dirty memory so far.</param>
/// <param name="DowntimeMilliseconds">How long the guest was stopped for the switch (known once completed).</param>
public sealed record MigrationProgress(
    string Status,
    TimeSpan Elapsed,
    long TransferredBytes,
    long RemainingBytes,
    long TotalBytes,
    long DirtyBytesPerSecond,
    long BandwidthBytesPerSecond,
    TimeSpan? Eta,
    int DowntimeLimitMilliseconds,
    int ThrottlePercent,
    long Passes,
    double? DowntimeMilliseconds = null)
{
    /// <summary>
    /// Time left: what remains over what the stream gains on the guest's dirtying per second; null when it gains
    /// nothing (only a higher downtime limit or throttling can end such a migration) or nothing is known yet.
    /// </summary>
    public static TimeSpan? EstimateEta(long remainingBytes, long bandwidthBytesPerSecond, long dirtyBytesPerSecond)
    {
        if (remainingBytes <= 0)
        {
            return TimeSpan.Zero;
        }

        var gain = bandwidthBytesPerSecond - dirtyBytesPerSecond;
        return bandwidthBytesPerSecond <= 0 || gain <= 0 ? null : TimeSpan.FromSeconds((double)remainingBytes / gain);
    }
}

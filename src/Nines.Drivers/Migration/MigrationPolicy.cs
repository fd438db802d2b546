namespace Nines.Drivers.Migration;

/// <summary>
/// How a live migration is run: the stepped maximum-downtime schedule, auto-converge throttling, bandwidth, and how
/// long it may take. Pure data; <see cref="DowntimeLimitAt"/> is the schedule's only logic.
/// </summary>
/// <param name="DowntimeSchedule">
/// The downtime limit (how long the guest may be stopped for the final copy) as time goes on: the step whose
/// <see cref="DowntimeStep.After"/> has passed applies. Starting low keeps the pause short for guests that converge;
/// raising it lets a guest that dirties memory fast finish at all. Must start at zero and rise.
/// </param>
/// <param name="AutoConverge">Throttle the guest's vCPUs when it dirties memory faster than it can be sent.</param>
/// <param name="ThrottleInitialPercent">The first throttle step (QEMU's <c>cpu-throttle-initial</c>).</param>
/// <param name="ThrottleIncrementPercent">Each further step (QEMU's <c>cpu-throttle-increment</c>).</param>
/// <param name="MaxBandwidthBytesPerSecond">The stream's cap; null leaves the hypervisor's default (QEMU: 128 MiB/s).</param>
/// <param name="Timeout">The migration is cancelled (the source keeps running) when it has not completed by then.</param>
/// <param name="GuestCheckTimeout">How long the destination's guest agent has to answer after the switch before the migration fails back.</param>
public sealed record MigrationPolicy(
    IReadOnlyList<DowntimeStep> DowntimeSchedule,
    bool AutoConverge = true,
    int ThrottleInitialPercent = 20,
    int ThrottleIncrementPercent = 10,
    long? MaxBandwidthBytesPerSecond = MigrationPolicy.LoopbackBandwidth,
    TimeSpan? Timeout = null,
    TimeSpan? GuestCheckTimeout = null)
{
    /// <summary>1 GiB/s: loopback and a 10 Gb/s link; set it lower to leave room for guest traffic.</summary>
    public const long LoopbackBandwidth = 1L << 30;

    /// <summary>10, 20, 40, 80, 150, then 300 ms (QEMU's own default) after 0, 1, 2, 4, 8 and 15 s; auto-converge on.</summary>
    public static MigrationPolicy Default { get; } = new(
    [
        new DowntimeStep(TimeSpan.Zero, 10),
        new DowntimeStep(TimeSpan.FromSeconds(1), 20),
        new DowntimeStep(TimeSpan.FromSeconds(2), 40),
        new DowntimeStep(TimeSpan.FromSeconds(4), 80),
        new DowntimeStep(TimeSpan.FromSeconds(8), 150),
        new DowntimeStep(TimeSpan.FromSeconds(15), 300),
    ]);

    /// <summary>The limit when the migration has run for <paramref name="elapsed"/>.</summary>
    public int DowntimeLimitAt(TimeSpan elapsed)
    {
        var limit = DowntimeSchedule[0].LimitMilliseconds;
        foreach (var step in DowntimeSchedule)
        {
            if (step.After <= elapsed)
            {
                limit = step.LimitMilliseconds;
            }
        }

        return limit;
    }

    /// <summary>Every problem of the policy, each naming its field (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (DowntimeSchedule is null || DowntimeSchedule.Count == 0)
        {
            errors.Add("downtimeSchedule: needs at least one step");
            return errors;
        }

        if (DowntimeSchedule[0].After != TimeSpan.Zero)
        {
            errors.Add("downtimeSchedule[0].after: the first step must start at 0");
        }

        for (var i = 0; i < DowntimeSchedule.Count; i++)
        {
            var step = DowntimeSchedule[i];
            if (step.LimitMilliseconds is < 1 or > 60_000)
            {
                errors.Add($"downtimeSchedule[{i}].limitMilliseconds: {step.LimitMilliseconds} is not in 1..60000");
            }

            if (i > 0 && step.After <= DowntimeSchedule[i - 1].After)
            {
                errors.Add($"downtimeSchedule[{i}].after: steps must come later than the one before");
            }
        }

        if (ThrottleInitialPercent is < 1 or > 99)
        {
            errors.Add($"throttleInitialPercent: {ThrottleInitialPercent} is not in 1..99");
        }

        if (ThrottleIncrementPercent is < 1 or > 99)
        {
            errors.Add($"throttleIncrementPercent: {ThrottleIncrementPercent} is not in 1..99");
        }

        if (MaxBandwidthBytesPerSecond is <= 0)
        {
            errors.Add("maxBandwidthBytesPerSecond: must be positive");
        }

        if (Timeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            errors.Add("timeout: must be positive");
        }

        if (GuestCheckTimeout is { } check && check <= TimeSpan.Zero)
        {
            errors.Add("guestCheckTimeout: must be positive");
        }

        return errors;
    }

    /// <summary>The timeout that applies (5 minutes when none is given).</summary>
    public TimeSpan EffectiveTimeout => Timeout ?? TimeSpan.FromMinutes(5);

    /// <summary>The guest check that applies (10 s when none is given).</summary>
    public TimeSpan EffectiveGuestCheckTimeout => GuestCheckTimeout ?? TimeSpan.FromSeconds(10);
}

namespace Nines.Controller.Supervision;

/// <summary>How a <see cref="LoopSupervisor"/> restarts its loops.</summary>
public sealed record LoopSupervisorOptions
{
    /// <summary>The first restart delay; it doubles with every failure in a row.</summary>
    public TimeSpan BaseBackoff { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest restart delay.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A loop that ran this long before failing starts again from <see cref="BaseBackoff"/>.</summary>
    public TimeSpan StableAfter { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>What ends the process rather than restarting the loop; by default <see cref="StoreLoss.IsPermanent"/>.</summary>
    public Func<Exception, bool> IsFatal { get; init; } = StoreLoss.IsPermanent;

    /// <summary>
    /// What ends the loop on purpose and goes to its caller without a restart (a controller's term lost to another
    /// controller); the loop counts as stopped. Null for none.
    /// </summary>
    public Func<Exception, bool>? EndsLoop { get; init; }

    /// <summary>The delay before the <paramref name="failuresInARow"/>-th restart.</summary>
    public TimeSpan Backoff(int failuresInARow)
    {
        var factor = Math.Pow(2, Math.Clamp(failuresInARow - 1, 0, 30));
        return TimeSpan.FromTicks((long)Math.Min(BaseBackoff.Ticks * factor, MaxBackoff.Ticks));
    }
}

namespace Nines.Availability.Recovery;

/// <summary>
/// One observation: <paramref name="Signal"/> seen on <paramref name="Unit"/> at <paramref name="At"/>
/// (the monitor's clock), with what the monitor saw (exit code, signal, QMP event data).
/// </summary>
public sealed record HealthObservation(string Unit, HealthSignal Signal, DateTimeOffset At, string? Detail = null)
{
    /// <summary>
    /// True when the signal proves the unit's process is gone, so whatever it held can be given to another unit
    /// at once. Otherwise the unit must be fenced first: a hung guest may still answer clients.
    /// </summary>
    public bool ProvesDead => IsDeadSignal(Signal);

    /// <summary>True for the signals that prove the process is gone.</summary>
    public static bool IsDeadSignal(HealthSignal signal) =>
        signal is HealthSignal.ProcessExited or HealthSignal.GuestShutdown or HealthSignal.OutOfMemory;
}

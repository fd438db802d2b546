using Nines.Domain;

namespace Nines.Availability.Recovery;

/// <summary>
/// How one unit recovers, and when recovery escalates (AMF's restart and failover probations): more than
/// <paramref name="RestartMax"/> restarts (or resets) of the unit within <paramref name="RestartProbation"/>
/// become a failover; more than <paramref name="FailoverMax"/> failovers off one host within
/// <paramref name="FailoverProbation"/> become a host failover.
/// </summary>
/// <param name="OnFailure">The first action for any failure signal.</param>
/// <param name="PerSignal">Signals that get another first action (e.g. notify only on a failed health command).</param>
public sealed record RecoveryConfig(
    RecoveryAction OnFailure = RecoveryAction.Restart,
    int RestartMax = 3,
    TimeSpan? RestartProbation = null,
    int FailoverMax = 2,
    TimeSpan? FailoverProbation = null,
    ValueList<SignalRecovery> PerSignal = default)
{
    /// <summary>The defaults: restart, at most 3 restarts in 5 minutes, at most 2 failovers per host in an hour.</summary>
    public static RecoveryConfig Default { get; } = new();

    /// <summary>The restart probation window (5 minutes unless set).</summary>
    public TimeSpan RestartWindow => RestartProbation ?? TimeSpan.FromMinutes(5);

    /// <summary>The failover probation window (1 hour unless set).</summary>
    public TimeSpan FailoverWindow => FailoverProbation ?? TimeSpan.FromHours(1);

    /// <summary>The first action for <paramref name="signal"/>.</summary>
    public RecoveryAction ActionFor(HealthSignal signal) =>
        PerSignal.FirstOrDefault(s => s.Signal == signal)?.Action ?? OnFailure;
}

namespace Nines.Availability.Recovery;

/// <summary>
/// What the recovery policy decided about one observation, and why (the text of the event).
/// <paramref name="EscalatedFrom"/> is the action that was asked for when a probation limit turned it into a wider
/// one. <paramref name="FenceFirst"/> says the unit may still run, so it must be killed (fenced) before anything
/// it holds is given to another unit.
/// </summary>
public sealed record RecoveryDecision(
    string Group,
    string Unit,
    string Host,
    HealthSignal Signal,
    RecoveryAction Action,
    string Reason,
    DateTimeOffset At,
    RecoveryAction? EscalatedFrom = null,
    bool FenceFirst = false);

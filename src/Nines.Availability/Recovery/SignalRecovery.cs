namespace Nines.Availability.Recovery;

/// <summary>A per-signal override of <see cref="RecoveryConfig.OnFailure"/>.</summary>
public sealed record SignalRecovery(HealthSignal Signal, RecoveryAction Action);

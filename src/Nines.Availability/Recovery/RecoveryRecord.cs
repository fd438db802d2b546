namespace Nines.Availability.Recovery;

/// <summary>A recovery already carried out, as the policy counts them within probation windows.</summary>
public sealed record RecoveryRecord(string Unit, string Host, RecoveryAction Action, DateTimeOffset At);

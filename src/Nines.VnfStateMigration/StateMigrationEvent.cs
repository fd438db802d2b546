namespace Nines.VnfStateMigration;

/// <summary>One step, when it ended relative to the migration's start, how long it took, and what it did.</summary>
public sealed record StateMigrationEvent(StateMigrationStep Step, TimeSpan At, TimeSpan Duration, string Detail);

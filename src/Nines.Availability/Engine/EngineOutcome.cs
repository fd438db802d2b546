using Nines.Availability.Recovery;

namespace Nines.Availability.Engine;

/// <summary>What one call of the engine decided, changed and wants applied.</summary>
/// <param name="Decisions">Recovery decisions taken (none for lifecycle reports and admin requests).</param>
/// <param name="Transitions">HA-state transitions made, in order.</param>
/// <param name="Steps">What the applier must do, in order.</param>
/// <param name="Notes">Warnings: what could not be done, or why a request was refused.</param>
public sealed record EngineOutcome(
    IReadOnlyList<RecoveryDecision> Decisions,
    IReadOnlyList<HaTransition> Transitions,
    IReadOnlyList<AvailabilityStep> Steps,
    IReadOnlyList<string> Notes)
{
    /// <summary>True when the engine refused the request or could not restore everything (see <see cref="Notes"/>).</summary>
    public bool HasNotes => Notes.Count > 0;
}

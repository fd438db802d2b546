namespace Nines.Drivers.Sequences;

/// <summary>One target's part of a sequence run: every command's outcome, in order.</summary>
/// <param name="Planned">How many commands the target's sequence had; more than <c>Outcomes.Count</c> when it stopped early.</param>
public sealed record TargetSequenceResult(string Target, int Planned, IReadOnlyList<ExecOutcome> Outcomes)
{
    public bool Succeeded => Outcomes.Count == Planned && Outcomes.All(o => o.Succeeded);

    /// <summary>True when a failure stopped the sequence before all its commands ran.</summary>
    public bool Stopped => Outcomes.Count < Planned;
}

using Nines.Domain.Scenarios;

namespace Nines.Scheduling.Rules;

/// <summary>
/// What a constraint came from, written out only when a message needs it: formatting tens of thousands of
/// rules up front would cost more than placing their VMs.
/// </summary>
internal sealed class Citation
{
    private readonly LocatedRule? _rule;
    private readonly string? _text;

    public Citation(LocatedRule rule) => _rule = rule;

    private Citation(string text) => _text = text;

    /// <summary>Pins from <see cref="PlacementRequest.StaticAssignment"/> (a running deployment), which no file states.</summary>
    public static Citation StaticAssignment { get; } = new("the static assignment");

    /// <summary><c>affinity(R3, R2) (restrictions.xml:12:1)</c>.</summary>
    public override string ToString() => _text ?? RuleText.Cite(_rule!);
}

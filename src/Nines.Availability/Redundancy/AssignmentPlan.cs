using Nines.Domain;

namespace Nines.Availability.Redundancy;

/// <summary>What a redundancy policy decided for one snapshot of a group.</summary>
/// <param name="Changes">Assignment steps, in the order they must happen.</param>
/// <param name="Instantiations">New units to create.</param>
/// <param name="Notes">What could not be done (an instance without a unit, a standby without a host), for events.</param>
public sealed record AssignmentPlan(
    ValueList<AssignmentChange> Changes,
    ValueList<InstantiationRequest> Instantiations,
    ValueList<string> Notes)
{
    /// <summary>A plan that changes nothing.</summary>
    public static AssignmentPlan Nothing { get; } = new([], [], []);

    /// <summary>True when the plan changes nothing and asks for nothing.</summary>
    public bool IsEmpty => Changes.IsEmpty && Instantiations.IsEmpty;
}

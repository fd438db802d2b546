using Nines.Availability.Model;
using Nines.Domain;

namespace Nines.Availability.Redundancy;

/// <summary>
/// One step a redundancy policy wants: <paramref name="From"/> null means a new assignment, <paramref name="To"/>
/// null removes one. The engine applies the steps in order.
/// </summary>
public sealed record AssignmentChange(string Unit, string Instance, HaState? From, HaState? To, string Reason);

/// <summary>
/// Ask for a new unit for the group, never on <paramref name="AvoidHosts"/> (anti-affinity with the units it has,
/// and failed hosts) and if the cluster allows not on <paramref name="AvoidIfPossible"/> (hosts the group gave a
/// unit up on). The scheduler picks the host; the unit joins when ready.
/// </summary>
public sealed record InstantiationRequest(string Group, ValueList<string> AvoidHosts, string Reason, ValueList<string> AvoidIfPossible = default);

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

using Nines.Availability.Model;

namespace Nines.Availability.Redundancy;

/// <summary>
/// One step a redundancy policy wants: <paramref name="From"/> null means a new assignment, <paramref name="To"/>
/// null removes one. The engine applies the steps in order.
/// </summary>
public sealed record AssignmentChange(string Unit, string Instance, HaState? From, HaState? To, string Reason);

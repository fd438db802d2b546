using Nines.Availability.Model;
using Nines.Domain.Scenarios;

namespace Nines.Availability.Redundancy;

/// <summary>
/// A redundancy model as a pure function: the current group in, the assignment steps that bring it toward the
/// model's desired shape out. Policies only use in-service units, never give an instance a second active
/// (except N-way-active, where that is the point), and never take an active away from a unit that may still
/// serve: releasing the assignments of a dead or fenced unit is the engine's job.
/// </summary>
public interface IRedundancyPolicy
{
    /// <summary>The model this policy implements.</summary>
    RedundancyModel Model { get; }

    /// <summary>The steps for <paramref name="group"/>; <see cref="AssignmentPlan.Nothing"/> when it already fits.</summary>
    AssignmentPlan Plan(ServiceGroup group);
}

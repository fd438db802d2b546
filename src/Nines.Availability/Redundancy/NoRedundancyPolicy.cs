using Nines.Availability.Model;
using Nines.Domain.Scenarios;

namespace Nines.Availability.Redundancy;

/// <summary>
/// No redundancy: each instance has one active unit and no standby, a unit serves at most one instance. A
/// failed unit is restarted; its instance is out of service until it (or a spare) is back.
/// </summary>
public sealed class NoRedundancyPolicy : IRedundancyPolicy
{
    /// <inheritdoc/>
    public RedundancyModel Model => RedundancyModel.None;

    /// <inheritdoc/>
    public AssignmentPlan Plan(ServiceGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        var plan = new PlanBuilder(group);
        plan.DropStandbysOfUnitsOutOfService();
        foreach (var instance in group.Instances.OrderBy(i => i.Rank).ThenBy(i => i.Name, StringComparer.Ordinal))
        {
            if (plan.HasActiveHolder(instance.Name))
            {
                continue;
            }

            // The unit the instance was named after first (its home), then any idle unit by preference.
            var unit = plan.InService
                .Where(plan.IsIdle)
                .OrderBy(u => instance.Name == $"{group.Name}-{u.Name}" ? 0 : 1)
                .ThenBy(u => u.Rank).ThenBy(u => u.Name, StringComparer.Ordinal)
                .FirstOrDefault();
            if (unit is null)
            {
                plan.Note($"instance {instance.Name} has no active: no idle unit in service");
                continue;
            }

            plan.Assign(unit.Name, instance.Name, HaState.Active, $"instance {instance.Name} has no active: {unit.Name} serves it");
        }

        plan.InstantiateUpTo(group.ActiveUnits);
        return plan.Build();
    }
}

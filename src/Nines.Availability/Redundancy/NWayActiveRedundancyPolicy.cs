using Nines.Availability.Model;
using Nines.Domain.Scenarios;

namespace Nines.Availability.Redundancy;

/// <summary>
/// N-way-active: every unit in service is active for every instance and the load is shared; there are no
/// standbys. A lost unit's share simply moves to the others; the group asks for a replacement.
/// </summary>
public sealed class NWayActiveRedundancyPolicy : IRedundancyPolicy
{
    /// <inheritdoc/>
    public RedundancyModel Model => RedundancyModel.NWayActive;

    /// <inheritdoc/>
    public AssignmentPlan Plan(ServiceGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        var plan = new PlanBuilder(group);
        plan.DropStandbysOfUnitsOutOfService();
        foreach (var unit in plan.InService.ToList())
        {
            foreach (var instance in group.Instances.Where(i => !plan.Of(unit.Name).Any(a => a.Instance == i.Name)))
            {
                plan.Assign(unit.Name, instance.Name, HaState.Active, $"unit {unit.Name} is in service: it shares {instance.Name}");
            }
        }

        plan.InstantiateUpTo(group.ActiveUnits);
        return plan.Build();
    }
}

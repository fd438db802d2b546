using Nines.Availability.Model;
using Nines.Domain.Scenarios;

namespace Nines.Availability.Redundancy;

/// <summary>
/// N+M: N units serve the instances (one active per instance), M units stand by for them. A unit is either in
/// the active role or the standby role, never both. A lost active is replaced by promoting its standby at
/// once; a missing standby is given to a unit on another host than the active (anti-affinity); the group
/// asks for new units until it has N+M again.
/// </summary>
public sealed class NPlusMRedundancyPolicy : IRedundancyPolicy
{
    /// <inheritdoc/>
    public RedundancyModel Model => RedundancyModel.NPlusM;

    /// <inheritdoc/>
    public AssignmentPlan Plan(ServiceGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        var plan = new PlanBuilder(group);
        plan.DropStandbysOfUnitsOutOfService();
        foreach (var instance in group.Instances.OrderBy(i => i.Rank).ThenBy(i => i.Name, StringComparer.Ordinal))
        {
            EnsureActive(plan, instance.Name);
        }

        foreach (var instance in group.Instances.OrderBy(i => i.Rank).ThenBy(i => i.Name, StringComparer.Ordinal))
        {
            EnsureStandby(plan, instance.Name);
        }

        plan.InstantiateUpTo(group.ActiveUnits + group.StandbyUnits);
        return plan.Build();
    }

    private static bool IsActiveRole(PlanBuilder plan, string unit) => plan.Of(unit).Any(a => a.State != HaState.Standby);

    private static void EnsureActive(PlanBuilder plan, string instance)
    {
        if (plan.HasActiveHolder(instance))
        {
            return;
        }

        var standby = plan.For(instance)
            .Where(a => a.State == HaState.Standby)
            .Select(a => (a, unit: plan.Group.FindUnit(a.Unit)!))
            .Where(x => x.unit.InService)
            .OrderBy(x => x.unit.Rank).ThenBy(x => x.unit.Name, StringComparer.Ordinal)
            .Select(x => x.a)
            .FirstOrDefault();
        if (standby is not null)
        {
            plan.Change(standby, HaState.Active, $"instance {instance} has no active: its standby {standby.Unit} takes over");
            foreach (var other in plan.Of(standby.Unit).Where(a => a.State == HaState.Standby).ToList())
            {
                plan.Remove(other, $"unit {standby.Unit} is now active for {instance}; a unit is active or standby, not both");
            }

            return;
        }

        var activeRoleUnits = plan.InService.Count(u => IsActiveRole(plan, u.Name));
        if (activeRoleUnits >= plan.Group.ActiveUnits)
        {
            plan.Note($"instance {instance} has no active: all {plan.Group.ActiveUnits} active units are taken");
            return;
        }

        // A fresh active goes to an idle unit first, spread away from the hosts already serving the group.
        var servingHosts = plan.InService.Where(u => IsActiveRole(plan, u.Name)).Select(u => u.Host).ToHashSet(StringComparer.Ordinal);
        var candidate = plan.InService
            .Where(u => !IsActiveRole(plan, u.Name))
            .OrderBy(u => plan.IsIdle(u) ? 0 : 1)
            .ThenBy(u => servingHosts.Contains(u.Host) ? 1 : 0)
            .ThenBy(u => u.Rank).ThenBy(u => u.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        if (candidate is null)
        {
            plan.Note($"instance {instance} has no active: no unit is in service");
            return;
        }

        foreach (var other in plan.Of(candidate.Name).ToList())
        {
            plan.Remove(other, $"unit {candidate.Name} becomes active for {instance}");
        }

        plan.Assign(candidate.Name, instance, HaState.Active, $"instance {instance} has no active: {candidate.Name} is the preferred unit in service");
    }

    private static void EnsureStandby(PlanBuilder plan, string instance)
    {
        if (plan.Group.StandbyUnits == 0 || plan.For(instance).Any(a => a.State == HaState.Standby))
        {
            return;
        }

        var activeUnits = plan.For(instance).Where(a => a.State != HaState.Standby).Select(a => a.Unit).ToHashSet(StringComparer.Ordinal);
        var activeHosts = activeUnits.Select(u => plan.Group.FindUnit(u)!.Host).ToHashSet(StringComparer.Ordinal);
        var standbyRole = plan.InService.Where(u => plan.Of(u.Name).Any() && !IsActiveRole(plan, u.Name)).ToList();
        var candidates = plan.InService
            .Where(u => !IsActiveRole(plan, u.Name) && (!plan.Group.SpreadOverHosts || !activeHosts.Contains(u.Host)))
            .Where(u => standbyRole.Contains(u) || standbyRole.Count < plan.Group.StandbyUnits)
            .OrderBy(u => standbyRole.Contains(u) ? 0 : 1)
            .ThenBy(u => u.Rank).ThenBy(u => u.Name, StringComparer.Ordinal);
        var chosen = candidates.FirstOrDefault();
        if (chosen is null)
        {
            var on = activeHosts.Count == 0 ? string.Empty : $" off host {string.Join(", ", activeHosts.Order(StringComparer.Ordinal))}";
            plan.Note($"instance {instance} has no standby: no free unit in service{on}");
            return;
        }

        plan.Assign(chosen.Name, instance, HaState.Standby, $"instance {instance} has no standby: {chosen.Name} on {chosen.Host} follows it");
    }
}

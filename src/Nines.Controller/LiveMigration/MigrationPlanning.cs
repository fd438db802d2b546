using Nines.Contracts.Model;
using Nines.Domain.Scenarios;

namespace Nines.Controller.LiveMigration;

/// <summary>
/// How a migration changes a committed plan (pure): while it runs the VM is also incoming on the target, and every
/// network of the VM that now spans hosts gets a VLAN (so its segment exists on the target before the switch); at the
/// end the placement moves to the target (or stays) and the migration entry goes. VLANs given are kept.
/// </summary>
public static class MigrationPlanning
{
    /// <summary>The first and last VLAN ids handed out for networks a migration stretches across hosts.</summary>
    public const int FirstVlan = 100, LastVlan = 999;

    /// <summary>The plan with <paramref name="vm"/> migrating to <paramref name="to"/>.</summary>
    public static CommittedPlan Begin(CommittedPlan plan, Scenario scenario, string vm, string to, string operationId)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(scenario);
        var from = plan.Placements[vm];
        var vlans = new Dictionary<string, int>(plan.Vlans, StringComparer.Ordinal);
        var networks = scenario.FindVm(vm)?.Interfaces.Select(i => i.Network).Distinct(StringComparer.Ordinal) ?? [];
        foreach (var network in networks.Order(StringComparer.Ordinal))
        {
            var hosts = scenario.Vms
                .Where(v => v.Interfaces.Any(i => i.Network == network))
                .Select(v => plan.Placements.GetValueOrDefault(v.Name))
                .OfType<string>()
                .Append(to)
                .ToHashSet(StringComparer.Ordinal);
            if (hosts.Count > 1 && !vlans.ContainsKey(network))
            {
                vlans[network] = Enumerable.Range(FirstVlan, LastVlan - FirstVlan + 1).First(id => !vlans.ContainsValue(id));
            }
        }

        var migrations = new Dictionary<string, PlannedMigration>(plan.Migrations ?? new Dictionary<string, PlannedMigration>(), StringComparer.Ordinal)
        {
            [vm] = new PlannedMigration(from, to, operationId),
        };
        return plan with { Vlans = vlans, Migrations = migrations };
    }

    /// <summary>
    /// The plan with <paramref name="vm"/> placed on <paramref name="to"/> at once (a restart there, not a live
    /// migration): networks it stretches across hosts get VLANs as in <see cref="Begin"/>, migrations in flight stay.
    /// </summary>
    public static CommittedPlan Relocate(CommittedPlan plan, Scenario scenario, string vm, string to)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var placements = new Dictionary<string, string>(plan.Placements, StringComparer.Ordinal) { [vm] = to };
        return Begin(plan, scenario, vm, to, "relocate") with { Migrations = plan.Migrations, Placements = placements };
    }

    /// <summary>The plan after the migration of <paramref name="vm"/>: placed on its target when <paramref name="moved"/>, else where it was.</summary>
    public static CommittedPlan End(CommittedPlan plan, string vm, bool moved)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.Migrations?.GetValueOrDefault(vm) is not { } migration)
        {
            return plan;
        }

        var placements = new Dictionary<string, string>(plan.Placements, StringComparer.Ordinal);
        if (moved)
        {
            placements[vm] = migration.To;
        }

        var migrations = plan.Migrations.Where(m => m.Key != vm).ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal);
        return plan with { Placements = placements, Migrations = migrations.Count == 0 ? null : migrations };
    }
}

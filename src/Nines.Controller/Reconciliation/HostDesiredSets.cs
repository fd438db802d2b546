using Nines.Contracts.Agents;
using Nines.Contracts.Model;
using Nines.Controller.Repositories;
using Nines.Domain.Diagnostics;
using Nines.Drivers.Mapping;
using Nines.Scheduling.HostSide;

namespace Nines.Controller.Reconciliation;

/// <summary>
/// What each host must run of a deployment under a committed plan (pure): the VMs placed there, plus the VMs live-
/// migrating there as incoming; the scenario's <c>&lt;host&gt;</c> part on the host <c>nines plan</c> names.
/// </summary>
public static class HostDesiredSets
{
    /// <summary>Host name → its desired set, in host name order.</summary>
    public static IReadOnlyDictionary<string, HostDeploymentDesired> Build(StoredDeployment stored, CommittedPlan plan, VmMappingOptions mapping)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(plan);
        var document = stored.Scenario ?? throw new InvalidOperationException($"deployment {stored.Ref} has no parsed scenario");
        var ignored = new DiagnosticBag();
        var definitions = document.Scenario.Vms
            .Select(vm => VmDefinitionMapper.Map(document.Scenario, vm, mapping, ignored, document.Map.Locate(vm)) with { Id = stored.Ref.VmId(vm.Name) })
            .ToList();
        var migrations = plan.Migrations ?? new Dictionary<string, PlannedMigration>();
        var hostSide = HostSidePlacement.Choose(document.Scenario, plan.Placements);
        var sets = new SortedDictionary<string, HostDeploymentDesired>(StringComparer.Ordinal);
        foreach (var hostName in plan.HostsWithMigrations)
        {
            var incoming = definitions.Where(d => migrations.GetValueOrDefault(d.Name)?.To == hostName).ToList();
            sets[hostName] = new HostDeploymentDesired(
                stored.Ref.Id,
                stored.Spec.ScenarioYaml,
                [.. definitions.Where(d => plan.Placements.GetValueOrDefault(d.Name) == hostName), .. incoming],
                IncludeHostSection: hostName == hostSide,
                plan.Vlans,
                incoming.Count == 0 ? null : [.. incoming.Select(d => d.Id)],
                stored.ModRevision);
        }

        return sets;
    }
}

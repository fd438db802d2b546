using Nines.Contracts.Model;
using Nines.Controller.Repositories;
using Nines.Domain;
using Nines.Domain.Clusters;
using Nines.Domain.Scenarios;
using Nines.Drivers.Mapping;
using Nines.Scenarios.Restrictions;
using Nines.Scheduling;

namespace Nines.Controller.Reconciliation;

/// <summary>Placing a generation's VMs: the plan to commit, or why there is none.</summary>
internal sealed partial class DeployPass
{
    /// <summary>
    /// Places the scenario on the registered, undrained hosts. VMs of an earlier plan keep their host when it is still
    /// there, and so do its VLANs (hosts that keep running the deployment carry those tags). The commit carries the
    /// <c>Planned</c> event and one per warning (guest image substituted…).
    /// </summary>
    private (CommitPlan? Commit, DeployFailure? Failure) Place(StoredDeployment stored, DeployObserved observed, DateTimeOffset now)
    {
        if (stored.Scenario is not { } document)
        {
            return (null, DeployFailure.Permanent("InvalidScenario", $"the stored scenario does not parse: {string.Join("; ", stored.ScenarioDiagnostics.Where(d => d.IsError))}"));
        }

        var hosts = observed.Hosts.Where(h => !observed.Drained.Contains(h.Name)).ToList();
        if (hosts.Count == 0)
        {
            return (null, DeployFailure.Transient(observed.Drained.Count == 0 ? "no host is registered: waiting for an agent" : "no schedulable host: every registered host is drained"));
        }

        var rules = ValueList<LocatedRule>.Empty;
        if (stored.Spec.Restrictions is { } text)
        {
            var restrictions = EdivRestrictionsReader.Read(text, "restrictions.xml");
            if (!restrictions.Succeeded)
            {
                return (null, DeployFailure.Permanent("InvalidRestrictions", $"the restrictions do not parse: {string.Join("; ", restrictions.Errors)}"));
            }

            rules = restrictions.Value!.Rules;
        }

        var live = hosts.Select(h => h.Name).ToHashSet(StringComparer.Ordinal);
        var kept = stored.Spec.Plan?.Placements
            .Where(p => document.Scenario.FindVm(p.Key) is not null && live.Contains(p.Value))
            .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var cluster = new ClusterSpec(
            [.. hosts.Select(h => new HostSpec(h.Name, h.AgentUrl, h.MemoryMiB, MaxVms: h.MaxVms, Load: h.Load, Vcpus: h.Vcpus))],
            _options.Vlans);
        var previousVlans = stored.Spec.HasCurrentPlan ? stored.Spec.Plan!.Vlans : null;
        var plan = Planner.Plan(new PlacementRequest(document.Scenario, cluster, rules, StaticAssignment: kept, Mode: _options.Packing, VlansInUse: previousVlans?.Values.ToHashSet()), stored.Spec.Algorithm);
        if (!plan.Succeeded || !plan.Allocation.Unplaced.IsEmpty)
        {
            var problems = plan.Diagnostics.Where(d => d.IsError).Select(d => d.ToString())
                .Concat(plan.Allocation.Unplaced.Select(u => $"vm \"{u.Vm}\": {u.Reason}"));
            return (null, DeployFailure.Permanent("PlacementFailed", $"the scenario cannot be placed: {string.Join("; ", problems)}"));
        }

        var mapped = VmDefinitionMapper.MapAll(document, _options.Mapping);
        var warnings = plan.Diagnostics.Concat(mapped.Diagnostics).Where(d => !d.IsError).ToList();
        var committed = new CommittedPlan(
            stored.Spec.Generation,
            plan.Algorithm,
            plan.Allocation.Placements.ToDictionary(p => p.Vm, p => p.Host, StringComparer.Ordinal),
            KeepVlans(plan.Vlans.ToDictionary(v => v.Network, v => v.Vlan, StringComparer.Ordinal), previousVlans),
            [.. warnings.Select(w => w.ToString())],
            now);
        var subject = stored.Ref.ToString();
        var spread = string.Join(", ", committed.Placements.GroupBy(p => p.Value, StringComparer.Ordinal).Select(g => $"{g.Key}: {g.Count()}"));
        List<PlannedEvent> events =
        [
            new(EventSeverity.Normal, "Planned", subject, plan.Algorithm, $"generation {committed.Generation}: {committed.Placements.Count} VMs placed ({spread})"),
            .. warnings.Select(w => new PlannedEvent(EventSeverity.Warning, WarningKind(w.Code), subject, w.Code, w.Message)),
        ];
        return (new CommitPlan(committed, events), null);
    }

    private static string WarningKind(string code) => code switch
    {
        VmDefinitionMapper.KernelReplaced or VmDefinitionMapper.FilesystemReplaced => "ImageSubstituted",
        VmDefinitionMapper.MemoryRaised => "MemoryRaised",
        _ => "PlanWarning",
    };

    /// <summary>Networks that had a VLAN keep it; networks newly spanning hosts get the fresh ids (chosen outside the kept ones).</summary>
    private static Dictionary<string, int> KeepVlans(Dictionary<string, int> fresh, IReadOnlyDictionary<string, int>? previous) =>
        previous is null
            ? fresh
            : fresh.ToDictionary(p => p.Key, p => previous.TryGetValue(p.Key, out var kept) ? kept : p.Value, StringComparer.Ordinal);
}

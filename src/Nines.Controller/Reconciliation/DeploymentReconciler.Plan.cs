using Nines.Contracts.Errors;
using Nines.Contracts.Model;
using Nines.Controller.Repositories;
using Nines.Domain;
using Nines.Domain.Clusters;
using Nines.Domain.Scenarios;
using Nines.Drivers.Mapping;
using Nines.Scenarios.Restrictions;
using Nines.Scheduling;

namespace Nines.Controller.Reconciliation;

/// <summary>Planning and the operation that tracks a generation's work.</summary>
public sealed partial class DeploymentReconciler
{
    /// <summary>
    /// Places the scenario on the registered hosts and commits the plan with a compare-on-revision check. VMs of an
    /// earlier plan keep their host when it is still there. Returns null when the commit lost the race.
    /// </summary>
    private async Task<StoredDeployment?> PlanAsync(StoredDeployment stored, CancellationToken cancellationToken)
    {
        var document = stored.Scenario ?? throw new TerminalDeploymentException(
            $"the stored scenario does not parse: {string.Join("; ", stored.ScenarioDiagnostics.Where(d => d.IsError))}")
        { Reason = "InvalidScenario" };
        var drained = (await _hosts.ListDrainedAsync(cancellationToken).ConfigureAwait(false)).Select(d => d.Host).ToHashSet(StringComparer.Ordinal);
        var hosts = (await _hosts.ListAsync(cancellationToken).ConfigureAwait(false)).Where(h => !drained.Contains(h.Name)).ToList();
        if (hosts.Count == 0)
        {
            throw new TransientDeploymentException(drained.Count == 0 ? "no host is registered: waiting for an agent" : "no schedulable host: every registered host is drained");
        }

        var rules = ValueList<LocatedRule>.Empty;
        if (stored.Spec.Restrictions is { } text)
        {
            var restrictions = EdivRestrictionsReader.Read(text, "restrictions.xml");
            if (!restrictions.Succeeded)
            {
                throw new TerminalDeploymentException($"the restrictions do not parse: {string.Join("; ", restrictions.Errors)}") { Reason = "InvalidRestrictions" };
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
        var previousVlans = PreviousVlans(stored);
        var plan = Planner.Plan(new PlacementRequest(document.Scenario, cluster, rules, StaticAssignment: kept, Mode: _options.Packing, VlansInUse: previousVlans?.Values.ToHashSet()), stored.Spec.Algorithm);
        if (!plan.Succeeded || !plan.Allocation.Unplaced.IsEmpty)
        {
            var problems = plan.Diagnostics.Where(d => d.IsError).Select(d => d.ToString())
                .Concat(plan.Allocation.Unplaced.Select(u => $"vm \"{u.Vm}\": {u.Reason}"));
            throw new TerminalDeploymentException($"the scenario cannot be placed: {string.Join("; ", problems)}") { Reason = "PlacementFailed" };
        }

        var mapped = VmDefinitionMapper.MapAll(document, _options.Mapping);
        var warnings = plan.Diagnostics.Concat(mapped.Diagnostics).Where(d => !d.IsError).ToList();
        var committed = new CommittedPlan(
            stored.Spec.Generation,
            plan.Algorithm,
            plan.Allocation.Placements.ToDictionary(p => p.Vm, p => p.Host, StringComparer.Ordinal),
            KeepVlans(plan.Vlans.ToDictionary(v => v.Network, v => v.Vlan, StringComparer.Ordinal), previousVlans),
            [.. warnings.Select(w => w.ToString())],
            _time.GetUtcNow());
        var written = await _deployments.CommitPlanAsync(stored, committed, cancellationToken).ConfigureAwait(false);
        if (written is null)
        {
            return null;
        }

        var subject = stored.Ref.ToString();
        var spread = string.Join(", ", committed.Placements.GroupBy(p => p.Value, StringComparer.Ordinal).Select(g => $"{g.Key}: {g.Count()}"));
        await EmitAsync(EventSeverity.Normal, "Planned", subject, plan.Algorithm, $"generation {committed.Generation}: {committed.Placements.Count} VMs placed ({spread})", cancellationToken).ConfigureAwait(false);
        foreach (var warning in warnings)
        {
            await EmitAsync(EventSeverity.Warning, WarningKind(warning.Code), subject, warning.Code, warning.Message, cancellationToken).ConfigureAwait(false);
        }

        return written;
    }

    private static string WarningKind(string code) => code switch
    {
        VmDefinitionMapper.KernelReplaced or VmDefinitionMapper.FilesystemReplaced => "ImageSubstituted",
        VmDefinitionMapper.MemoryRaised => "MemoryRaised",
        _ => "PlanWarning",
    };

    /// <summary>
    /// The operation for the spec's current generation: the one the status names, else the one written with the spec
    /// (<see cref="DeploymentSpec.OperationId"/>), else a new one (the previous
    /// generation's, if unfinished, is superseded and ends FAILED).
    /// </summary>
    private async Task<Operation> EnsureOperationAsync(StoredDeployment stored, DeploymentStatus? status, CancellationToken cancellationToken)
    {
        if (status?.OperationId is { } id && await _operations.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            if (existing.Generation == stored.Spec.Generation)
            {
                return existing;
            }

            if (!existing.IsFinished)
            {
                var now = _time.GetUtcNow();
                await _operations.PutAsync(existing with { State = OperationState.FAILED, Error = $"superseded by generation {stored.Spec.Generation}", UpdatedAt = now, FinishedAt = now }, cancellationToken).ConfigureAwait(false);
            }
        }

        var kind = stored.Spec.Deleted ? OperationKind.Undeploy : OperationKind.Deploy;
        var vms = stored.Spec.Deleted
            ? status?.Vms.Keys ?? []
            : stored.Scenario?.Scenario.Vms.Select(v => v.Name) ?? [];
        var operation = stored.Spec.OperationId is { } requested
            && await _operations.GetAsync(requested, cancellationToken).ConfigureAwait(false) is { } written
            && written.Generation == stored.Spec.Generation
                ? written
                : await _operations.CreateAsync(kind, stored.Ref, stored.Spec.Generation, vms, cancellationToken).ConfigureAwait(false);
        await PutStatusAsync(
            stored,
            stored.Spec.Deleted ? DeploymentPhase.Undeploying : DeploymentPhase.Pending,
            status?.Vms ?? new Dictionary<string, VmSummary>(StringComparer.Ordinal),
            [],
            operation.Id,
            cancellationToken).ConfigureAwait(false);
        await EmitAsync(EventSeverity.Normal, kind == OperationKind.Deploy ? "DeployStarted" : "UndeployStarted", stored.Ref.ToString(), operation.Id, $"generation {stored.Spec.Generation}: operation {operation.Id}", cancellationToken).ConfigureAwait(false);
        return operation;
    }
}

using Nines.ControlPlane.Agents;
using Nines.ControlPlane.Model;
using Nines.ControlPlane.Repositories;
using Nines.Drivers;

namespace Nines.ControlPlane.Reconciliation;

/// <summary>Pushing each host's desired set and recording what the hosts observe.</summary>
public sealed partial class DeploymentReconciler
{
    private async Task<ReconcileResult> DeployAsync(StoredDeployment stored, Operation operation, CancellationToken cancellationToken)
    {
        var document = stored.Scenario!;
        var plan = stored.Spec.Plan!;
        var hosts = (await _hosts.ListAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(h => h.Name, StringComparer.Ordinal);
        var desiredSets = HostDesiredSets.Build(stored, plan, _options.Mapping);
        var planHosts = desiredSets.Keys.ToList();
        if (await HandleMissingHostsAsync(stored, plan.Hosts.ToList(), hosts, cancellationToken).ConfigureAwait(false) is { } failover)
        {
            return failover;
        }

        // Break before make: a VM the plan moved stops where it ran before it starts on its new host (the same VM on two
        // hosts at once would put its addresses twice on the network). Its old host goes first, or is emptied first.
        var recorded = (await _deployments.GetStatusAsync(stored.Ref, cancellationToken).ConfigureAwait(false))?.Vms;
        var leaving = (recorded ?? new Dictionary<string, VmSummary>(StringComparer.Ordinal))
            .Where(v => v.Value.State != "Absent" && plan.Placements.TryGetValue(v.Key, out var to) && to != v.Value.Host && hosts.ContainsKey(v.Value.Host))
            .Select(v => v.Value.Host)
            .ToHashSet(StringComparer.Ordinal);
        await CallEachAsync(leaving.Where(h => !desiredSets.ContainsKey(h)).Select(h => hosts[h]), async (host, ct) =>
        {
            await CallAsync(host, (agent, c) => agent.RemoveAsync(stored.Ref.Id, c), ct).ConfigureAwait(false);
            await _hosts.DeleteVmsAsync(host.Name, stored.Ref, ct).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);

        var missing = desiredSets.Keys.FirstOrDefault(h => !hosts.ContainsKey(h));
        if (missing is not null)
        {
            throw new TransientDeploymentException($"host \"{missing}\" of the plan is not registered (its agent is down?)");
        }

        // The hosts a moved VM leaves first, then the others; the hosts of each group at once.
        var observations = new List<HostDeploymentObservation>();
        foreach (var group in desiredSets.GroupBy(d => leaving.Contains(d.Key) ? 0 : 1).OrderBy(g => g.Key))
        {
            observations.AddRange(await CallEachAsync(group.Select(d => hosts[d.Key]), async (host, ct) =>
            {
                var desired = desiredSets[host.Name];
                var observation = await CallAsync(host, (agent, c) => agent.ConvergeAsync(desired, c), ct).ConfigureAwait(false);

                // A VM on its way here is reported by its source until the migration commits.
                return desired.Incoming is { Count: > 0 } incoming
                    ? observation with { Vms = [.. observation.Vms.Where(v => !incoming.Contains(v.VmId, StringComparer.Ordinal))] }
                    : observation;
            }, cancellationToken).ConfigureAwait(false));
        }

        await RemoveFromFormerHostsAsync(stored.Ref, planHosts.ToHashSet(StringComparer.Ordinal), recorded, cancellationToken).ConfigureAwait(false);
        return await RecordAsync(stored, operation, observations, recorded, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Removes the deployment from the hosts outside the plan that may still hold some of it: a host the recorded status
    /// or a <see cref="VmObserved"/> record puts one of its VMs on (a VM moved away, a failed host back). Hosts with no
    /// such record are not called, so an agent that does not answer holds up only the deployments it runs; an undeploy
    /// (and a spec gone) still calls every host.
    /// </summary>
    private async Task RemoveFromFormerHostsAsync(DeploymentRef deployment, IReadOnlySet<string> keep, IReadOnlyDictionary<string, VmSummary>? recorded, CancellationToken cancellationToken)
    {
        var holding = new List<HostRecord>();
        foreach (var host in await _hosts.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!keep.Contains(host.Name)
                && (recorded?.Values.Any(v => v.Host == host.Name) == true || (await _hosts.ListVmsAsync(host.Name, deployment, cancellationToken).ConfigureAwait(false)).Count > 0))
            {
                holding.Add(host);
            }
        }

        await CallEachAsync(holding, async (host, ct) =>
        {
            await CallAsync(host, (agent, c) => agent.RemoveAsync(deployment.Id, c), ct).ConfigureAwait(false);
            await _hosts.DeleteVmsAsync(host.Name, deployment, ct).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    // previous: the VM summaries recorded before this pass (read at its start; only the reconciler writes them).
    private async Task<ReconcileResult> RecordAsync(
        StoredDeployment stored, Operation operation, List<HostDeploymentObservation> observations, IReadOnlyDictionary<string, VmSummary>? previous, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var summaries = new Dictionary<string, VmSummary>(StringComparer.Ordinal);
        foreach (var observation in observations)
        {
            foreach (var vm in observation.Vms)
            {
                var summary = new VmSummary(observation.Host, vm.State?.ToString() ?? "Absent", vm.GuestReady, vm.Configured, vm.Error ?? observation.Error);
                summaries[vm.Vm] = summary;
                var before = previous?.GetValueOrDefault(vm.Vm);
                if (before != summary)
                {
                    await _hosts.PutVmAsync(new VmObserved(stored.Ref.Tenant, stored.Ref.Name, vm.Vm, observation.Host, vm.State?.ToString(), vm.GuestReady, vm.Configured, null, summary.LastError, now), cancellationToken).ConfigureAwait(false);
                    await EmitVmChangesAsync(stored.Ref, vm.Vm, before, summary, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        var converged = observations.All(o => o.Converged);
        var phase = converged ? DeploymentPhase.Running : operation.IsFinished ? DeploymentPhase.Degraded : DeploymentPhase.Deploying;
        var conditions = stored.Spec.Plan!.Warnings.Select(w => new DeploymentCondition("Warning", "PlanWarning", w, stored.Spec.Plan.CommittedAt)).ToList();
        await PutStatusAsync(stored, phase, summaries, conditions, operation.Id, cancellationToken).ConfigureAwait(false);
        await UpdateProgressAsync(stored, operation, observations, converged, now, cancellationToken).ConfigureAwait(false);

        var terminal = observations.Where(o => o.Terminal).Select(o => $"host {o.Host}: {o.Error}")
            .Concat(observations.SelectMany(o => o.Vms.Where(v => v.Terminal).Select(v => $"vm \"{v.Vm}\": {v.Error}")))
            .ToList();
        if (terminal.Count > 0)
        {
            throw new TerminalDeploymentException(string.Join("; ", terminal)) { Reason = "HostRefused" };
        }

        if (!operation.IsFinished && CrashedBeforeReady(stored, observations) is { Count: > 0 } crashed)
        {
            throw new TerminalDeploymentException(string.Join("; ", crashed)) { Reason = "VmCrashed" };
        }

        var errors = observations.Where(o => o.Error is not null).Select(o => $"host {o.Host}: {o.Error}")
            .Concat(observations.SelectMany(o => o.Vms.Where(v => v.Error is not null).Select(v => $"vm \"{v.Vm}\": {v.Error}")))
            .ToList();
        if (errors.Count > 0)
        {
            throw new TransientDeploymentException(string.Join("; ", errors));
        }

        return converged ? ReconcileResult.Done : ReconcileResult.Requeue(_options.ConvergePollInterval);
    }

    /// <summary>
    /// VMs of an unfinished deploy that crashed: nothing restarts a VM outside a redundancy group (the availability
    /// manager restarts and fails over members), so the deploy would wait for good; it fails instead, naming each VM
    /// and why it ended (the chaos soak found a deploy PROCESSING for minutes after its guest's QEMU was killed).
    /// </summary>
    internal static List<string> CrashedBeforeReady(StoredDeployment stored, IEnumerable<HostDeploymentObservation> observations)
    {
        var protectedVms = stored.Scenario?.Scenario.RedundancyGroups.SelectMany(g => g.Members).ToHashSet(StringComparer.Ordinal) ?? [];
        return [.. observations
            .SelectMany(o => o.Vms.Where(v => v.State == VmState.Crashed && !protectedVms.Contains(v.Vm)).Select(v => (o.Host, Vm: v)))
            .Select(p => $"vm \"{p.Vm.Vm}\" on host {p.Host} crashed before the deploy completed ({p.Vm.Error ?? "no reason known"}); nothing restarts it: undeploy, or deploy again")];
    }

    private async Task UpdateProgressAsync(
        StoredDeployment stored, Operation operation, List<HostDeploymentObservation> observations, bool converged, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (operation.IsFinished)
        {
            return;
        }

        var progress = observations
            .SelectMany(o => o.Vms.Select(vm => (o.Host, Vm: vm)))
            .ToDictionary(p => p.Vm.Vm, p => Progress(p.Vm) with { Host = p.Host }, StringComparer.Ordinal);
        var next = operation with
        {
            State = converged ? OperationState.COMPLETED : OperationState.PROCESSING,
            Vms = progress,
            UpdatedAt = now,
            FinishedAt = converged ? now : null,
        };
        if (!SameProgress(operation, next))
        {
            await _operations.PutAsync(next, cancellationToken).ConfigureAwait(false);
        }

        if (converged)
        {
            await EmitAsync(EventSeverity.Normal, "DeployCompleted", stored.Ref.ToString(), operation.Id, $"all {progress.Count} VMs are running and configured", cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool SameProgress(Operation a, Operation b) =>
        a.State == b.State && a.Vms.Count == b.Vms.Count && a.Vms.All(p => b.Vms.GetValueOrDefault(p.Key) == p.Value);

    /// <summary>The step a VM reached, as a progress bar sees it.</summary>
    internal static VmProgress Progress(VmObservation vm) => vm switch
    {
        { Ready: true } => new VmProgress("ready", 100),
        { State: VmState.Crashed or VmState.Stopped } => new VmProgress(vm.State.Value.ToString().ToLowerInvariant(), 0, vm.Error),
        { State: VmState.Running, GuestReady: true } => new VmProgress("configuring", 75, vm.Error),
        { State: VmState.Running } => new VmProgress("booting", 50, vm.Error),
        { State: VmState.Defined } => new VmProgress("defined", 25, vm.Error),
        _ => new VmProgress("pending", 0, vm.Error),
    };

    private async Task EmitVmChangesAsync(DeploymentRef deployment, string vm, VmSummary? before, VmSummary after, CancellationToken cancellationToken)
    {
        var subject = $"{deployment}/{vm}";
        if (before?.State != after.State)
        {
            var severity = after.State is nameof(VmState.Crashed) ? EventSeverity.Warning : EventSeverity.Normal;
            await EmitAsync(severity, $"Vm{after.State}", subject, null, $"vm \"{vm}\" on host {after.Host} is {after.State.ToLowerInvariant()}", cancellationToken).ConfigureAwait(false);
        }

        if (after.GuestReady && before?.GuestReady != true)
        {
            await EmitAsync(EventSeverity.Normal, "VmGuestReady", subject, null, $"the guest agent of vm \"{vm}\" answers", cancellationToken).ConfigureAwait(false);
        }

        if (after.Configured && before?.Configured != true)
        {
            await EmitAsync(EventSeverity.Normal, "VmConfigured", subject, null, $"addresses, routes and forwarding of vm \"{vm}\" are applied", cancellationToken).ConfigureAwait(false);
        }

        if (after.LastError is { } error && error != before?.LastError)
        {
            await EmitAsync(EventSeverity.Warning, "VmError", subject, null, error, cancellationToken).ConfigureAwait(false);
        }
    }
}

using Nines.Contracts.Agents;
using Nines.Contracts.Errors;
using Nines.Contracts.Model;
using Nines.Controller.Repositories;

namespace Nines.Controller.Reconciliation;

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
        var leaving = DeployDecisions.LeavingHosts(plan.Placements, recorded, hosts.Keys.ToHashSet(StringComparer.Ordinal));
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

        // The hosts outside the plan are judged on what is recorded now: a plan that changed during this pass (a
        // migration began and its target holds the VM arriving) must not be judged by the plan read before it.
        if (await _deployments.GetAsync(stored.Ref, cancellationToken).ConfigureAwait(false) is not { } current || current.ModRevision != stored.ModRevision)
        {
            return ReconcileResult.Requeue(TimeSpan.Zero);
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
        var verdict = DeployDecisions.Judge(stored, operation, observations, previous, _time.GetUtcNow());
        foreach (var change in verdict.Changes)
        {
            await _hosts.PutVmAsync(change.Record, cancellationToken).ConfigureAwait(false);
            await EmitAllAsync(change.Events, cancellationToken).ConfigureAwait(false);
        }

        await PutStatusAsync(stored, verdict.Phase, verdict.Summaries, verdict.Conditions, operation.Id, cancellationToken).ConfigureAwait(false);
        if (verdict.Progress is { } progress)
        {
            await _operations.PutAsync(progress, cancellationToken).ConfigureAwait(false);
        }

        if (verdict.Completed is { } completed)
        {
            await EmitAllAsync([completed], cancellationToken).ConfigureAwait(false);
        }

        if (verdict.Failure is { } failure)
        {
            throw failure.ToException();
        }

        return verdict.Converged ? ReconcileResult.Done : ReconcileResult.Requeue(_options.ConvergePollInterval);
    }

    private async Task EmitAllAsync(IEnumerable<PlannedEvent> events, CancellationToken cancellationToken)
    {
        foreach (var e in events)
        {
            await EmitAsync(e.Severity, e.Kind, e.Subject, e.Reason, e.Message, cancellationToken).ConfigureAwait(false);
        }
    }
}

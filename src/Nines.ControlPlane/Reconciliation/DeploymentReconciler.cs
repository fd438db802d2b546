using Nines.ControlPlane.Agents;
using Nines.ControlPlane.Model;
using Nines.ControlPlane.Repositories;

namespace Nines.ControlPlane.Reconciliation;

/// <summary>
/// One level-based pass over one deployment: compare the spec (desired) with what the hosts report (observed) and
/// converge — plan when the spec's generation has no committed plan, push each host's desired set to its agent,
/// read back what it observes and write the status, the operation's progress and events. Undeploy is an empty
/// desired set. Every step is idempotent, so a pass interrupted anywhere (even by <c>kill -9</c>) is simply run
/// again. Terminal errors are recorded on the status and operation and not retried until the spec changes;
/// transient ones throw for the loop to retry with backoff.
/// </summary>
public sealed partial class DeploymentReconciler
{
    private readonly DeploymentRepository _deployments;
    private readonly HostRepository _hosts;
    private readonly OperationRepository _operations;
    private readonly EventLog _events;
    private readonly IHostAgentDirectory _agents;
    private readonly ReconcilerOptions _options;
    private readonly TimeProvider _time;

    public DeploymentReconciler(
        DeploymentRepository deployments,
        HostRepository hosts,
        OperationRepository operations,
        EventLog events,
        IHostAgentDirectory agents,
        ReconcilerOptions options,
        TimeProvider time)
    {
        _deployments = deployments;
        _hosts = hosts;
        _operations = operations;
        _events = events;
        _agents = agents;
        _options = options;
        _time = time;
    }

    public ReconcilerOptions Options => _options;

    /// <summary>Runs one pass for <paramref name="deployment"/>.</summary>
    public async Task<ReconcileResult> ReconcileAsync(DeploymentRef deployment, CancellationToken cancellationToken)
    {
        var stored = await _deployments.GetAsync(deployment, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            // The spec is gone (undeploy finished, or removed behind our back): nothing may be left on any host.
            await RemoveFromHostsAsync(deployment, except: null, cancellationToken).ConfigureAwait(false);
            return ReconcileResult.Done;
        }

        var status = await _deployments.GetStatusAsync(deployment, cancellationToken).ConfigureAwait(false);
        if (status is { Phase: DeploymentPhase.Failed } && status.ObservedGeneration == stored.Spec.Generation)
        {
            return ReconcileResult.Done;
        }

        var operation = await EnsureOperationAsync(stored, status, cancellationToken).ConfigureAwait(false);
        try
        {
            if (stored.Spec.Deleted)
            {
                return await UndeployAsync(stored, operation, cancellationToken).ConfigureAwait(false);
            }

            if (!stored.Spec.HasCurrentPlan)
            {
                var planned = await PlanAsync(stored, cancellationToken).ConfigureAwait(false);
                if (planned is null)
                {
                    // Someone changed the spec between our read and our commit: decide again on what is there now.
                    return ReconcileResult.Requeue(TimeSpan.Zero);
                }

                stored = planned;
            }

            return await DeployAsync(stored, operation, cancellationToken).ConfigureAwait(false);
        }
        catch (TerminalDeploymentException e)
        {
            await RecordTerminalAsync(stored, operation, e, cancellationToken).ConfigureAwait(false);
            return ReconcileResult.Done;
        }
    }

    /// <summary>
    /// Removes from every live host whatever belongs to a deployment the store no longer has (left by a crash
    /// between an undeploy's last host call and its spec deletion, or by a store restored from backup).
    /// </summary>
    public async Task SweepOrphansAsync(CancellationToken cancellationToken)
    {
        var known = (await _deployments.ListAsync(null, cancellationToken).ConfigureAwait(false)).Select(d => d.Ref.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var host in await _hosts.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            var agent = _agents.Get(host);
            foreach (var id in await agent.ListDeploymentsAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!known.Contains(id))
                {
                    await agent.RemoveAsync(id, cancellationToken).ConfigureAwait(false);
                    await _events.AppendAsync(EventSeverity.Warning, "OrphanRemoved", host.Name, null, $"removed deployment {id} from host {host.Name}: the store has no such deployment", cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    private async Task<ReconcileResult> UndeployAsync(StoredDeployment stored, Operation operation, CancellationToken cancellationToken)
    {
        await PutStatusAsync(stored, DeploymentPhase.Undeploying, new Dictionary<string, VmSummary>(StringComparer.Ordinal), [], operation.Id, cancellationToken).ConfigureAwait(false);
        await RemoveFromHostsAsync(stored.Ref, except: null, cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var completed = operation with
        {
            State = OperationState.COMPLETED,
            Vms = operation.Vms.ToDictionary(p => p.Key, _ => new VmProgress("removed", 100), StringComparer.Ordinal),
            UpdatedAt = now,
            FinishedAt = now,
        };

        // The spec goes and the operation completes in one transaction: whoever sees COMPLETED finds the deployment gone.
        if (!await _deployments.RemoveAsync(stored, cancellationToken, completed).ConfigureAwait(false))
        {
            return ReconcileResult.Requeue(TimeSpan.Zero);
        }

        await EmitAsync(EventSeverity.Normal, "UndeployCompleted", stored.Ref.ToString(), null, "every VM and network of the deployment is removed", cancellationToken).ConfigureAwait(false);
        return ReconcileResult.Done;
    }

    private async Task RemoveFromHostsAsync(DeploymentRef deployment, IReadOnlySet<string>? except, CancellationToken cancellationToken)
    {
        foreach (var host in await _hosts.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (except?.Contains(host.Name) == true)
            {
                continue;
            }

            await _agents.Get(host).RemoveAsync(deployment.Id, cancellationToken).ConfigureAwait(false);
            await _hosts.DeleteVmsAsync(host.Name, deployment, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task RecordTerminalAsync(StoredDeployment stored, Operation operation, TerminalDeploymentException error, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var status = await _deployments.GetStatusAsync(stored.Ref, cancellationToken).ConfigureAwait(false);
        await PutStatusAsync(
            stored,
            DeploymentPhase.Failed,
            status?.Vms ?? new Dictionary<string, VmSummary>(StringComparer.Ordinal),
            [new DeploymentCondition("Failed", error.Reason, error.Message, now)],
            operation.Id,
            cancellationToken).ConfigureAwait(false);
        await _operations.PutAsync(operation with { State = OperationState.FAILED, Error = error.Message, UpdatedAt = now, FinishedAt = now }, cancellationToken).ConfigureAwait(false);
        await EmitAsync(EventSeverity.Warning, "DeployFailed", stored.Ref.ToString(), error.Reason, error.Message, cancellationToken).ConfigureAwait(false);
    }

    private Task EmitAsync(EventSeverity severity, string kind, string subject, string? reason, string message, CancellationToken cancellationToken) =>
        _events.AppendAsync(severity, kind, subject, reason, message, cancellationToken);

    private Task PutStatusAsync(
        StoredDeployment stored,
        DeploymentPhase phase,
        IReadOnlyDictionary<string, VmSummary> vms,
        IReadOnlyList<DeploymentCondition> conditions,
        string operationId,
        CancellationToken cancellationToken) =>
        _deployments.PutStatusAsync(stored.Ref, new DeploymentStatus(phase, vms, conditions, stored.Spec.Generation, operationId, _time.GetUtcNow()), cancellationToken);
}

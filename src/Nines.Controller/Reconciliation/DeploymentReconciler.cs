using Nines.Contracts.Agents;
using Nines.Contracts.Errors;
using Nines.Contracts.Model;
using Nines.Contracts.Repositories;
using Nines.Controller.Repositories;

namespace Nines.Controller.Reconciliation;

/// <summary>
/// The I/O shell of one level-based pass over one deployment: it reads the spec (desired) and what the controller and
/// the hosts report (observed), lets the pure <see cref="DeployPass.Compute"/> decide — plan when the spec's generation
/// has no committed plan, push each host's desired set to its agent, judge what the hosts answer — and applies the
/// steps it returns, in order. Undeploy is an empty desired set. Every step is idempotent, so a pass interrupted
/// anywhere (even by <c>kill -9</c>) is simply run again. Terminal errors are recorded on the status and operation and
/// not retried until the spec changes; transient ones throw for the loop to retry with backoff.
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
    private readonly DeployPass _pass;

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
        _pass = new DeployPass(options);
    }

    public ReconcilerOptions Options => _options;

    /// <summary>
    /// Runs one pass for <paramref name="deployment"/>: reads the inputs, lets <see cref="DeployPass.Compute"/> decide and
    /// applies its steps in order (<c>DeploymentReconciler.Apply.cs</c>).
    /// </summary>
    public async Task<ReconcileResult> ReconcileAsync(DeploymentRef deployment, CancellationToken cancellationToken)
    {
        var stored = await _deployments.GetAsync(deployment, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return await RunPassAsync(deployment, null, null, cancellationToken).ConfigureAwait(false);
        }

        var status = await _deployments.GetStatusAsync(deployment, cancellationToken).ConfigureAwait(false);
        if (DeployPass.FailedAtGeneration(stored, status))
        {
            return ReconcileResult.Done;
        }

        var operation = await EnsureOperationAsync(stored, status, cancellationToken).ConfigureAwait(false);
        try
        {
            return await RunPassAsync(deployment, stored, operation, cancellationToken).ConfigureAwait(false);
        }
        catch (TerminalDeploymentException e)
        {
            await RecordTerminalAsync(stored, operation, e, cancellationToken).ConfigureAwait(false);
            return ReconcileResult.Done;
        }
    }

    /// <summary>
    /// Removes from every live host whatever belongs to a deployment the store no longer has (left by a crash
    /// between an undeploy's last host call and its spec deletion, or by a store restored from backup). Hosts are
    /// swept at once; a host that cannot be swept (its agent does not answer) is skipped and returned with its error.
    /// </summary>
    public async Task<IReadOnlyList<(string Host, Exception Error)>> SweepOrphansAsync(CancellationToken cancellationToken)
    {
        var hosts = await _hosts.ListAsync(cancellationToken).ConfigureAwait(false);
        var outcomes = await CallEachAsync(hosts, async (host, ct) =>
        {
            try
            {
                // The host first, the store after: a deployment the host has was in the store before it was converged there,
                // so one the store does not list then is an orphan even while passes run beside the sweep.
                var onHost = await CallAsync(host, (agent, c) => agent.ListDeploymentsAsync(c), ct).ConfigureAwait(false);
                var known = (await _deployments.ListAsync(null, ct).ConfigureAwait(false)).Select(d => d.Ref.Id).ToHashSet(StringComparer.Ordinal);
                foreach (var id in onHost)
                {
                    if (!known.Contains(id))
                    {
                        await CallAsync(host, (agent, c) => agent.RemoveAsync(id, c), ct).ConfigureAwait(false);
                        await _events.AppendAsync(EventSeverity.Warning, "OrphanRemoved", host.Name, null, $"removed deployment {id} from host {host.Name}: the store has no such deployment", ct).ConfigureAwait(false);
                    }
                }

                return ((string, Exception)?)null;
            }
            catch (Exception e) when (!ct.IsCancellationRequested && !Supervision.StoreLoss.IsPermanent(e) && e is not Hosting.LeadershipLostException)
            {
                return (host.Name, e);
            }
        }, cancellationToken).ConfigureAwait(false);
        return [.. outcomes.OfType<(string, Exception)>()];
    }

    /// <summary>
    /// Records that a pass over <paramref name="deployment"/> failed with an error nobody expected (a bug): the
    /// operation of the spec's generation FAILED with the message, the status <c>Failed</c> at that generation (so it is
    /// not reconciled again until the spec changes, not after a restart either), and a <c>ReconcileFailed</c> event.
    /// Returns the operation's id (null when the spec is gone or names none); throws when the store refuses the writes.
    /// </summary>
    public async Task<string?> RecordFailureAsync(DeploymentRef deployment, Exception error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(error);
        var stored = await _deployments.GetAsync(deployment, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return null;
        }

        var now = _time.GetUtcNow();
        var message = $"reconciling generation {stored.Spec.Generation} failed: {error.GetType().Name}: {error.Message}";
        var status = await _deployments.GetStatusAsync(deployment, cancellationToken).ConfigureAwait(false);
        Operation? operation = null;
        foreach (var id in new[] { status?.OperationId, stored.Spec.OperationId })
        {
            if (id is not null && await _operations.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } found && found.Generation == stored.Spec.Generation)
            {
                operation = found;
                break;
            }
        }

        if (operation is { IsFinished: false })
        {
            await _operations.PutAsync(operation with { State = OperationState.FAILED, Error = message, UpdatedAt = now, FinishedAt = now }, cancellationToken).ConfigureAwait(false);
        }

        // The status last: it is what keeps the deployment from being tried again, so it is written once the rest is.
        await PutStatusAsync(
            stored,
            DeploymentPhase.Failed,
            status?.Vms ?? new Dictionary<string, VmSummary>(StringComparer.Ordinal),
            [new DeploymentCondition("Failed", "ReconcileFailed", message, now)],
            operation?.Id ?? status?.OperationId ?? stored.Spec.OperationId ?? string.Empty,
            cancellationToken).ConfigureAwait(false);
        await EmitAsync(EventSeverity.Warning, "ReconcileFailed", deployment.ToString(), error.GetType().Name, message, cancellationToken).ConfigureAwait(false);
        return operation?.Id;
    }

    private async Task RecordTerminalAsync(StoredDeployment stored, Operation operation, TerminalDeploymentException error, CancellationToken cancellationToken)
    {
        var status = await _deployments.GetStatusAsync(stored.Ref, cancellationToken).ConfigureAwait(false);
        var steps = DeployPass.RecordTerminal(stored, operation, status, error.Reason, error.Message, _time.GetUtcNow());
        await ApplyAsync(stored.Ref, stored, [], steps, cancellationToken).ConfigureAwait(false);
    }

    private Task EmitAsync(EventSeverity severity, string kind, string subject, string? reason, string message, CancellationToken cancellationToken) =>
        _events.AppendAsync(severity, kind, subject, reason, message, cancellationToken);

    private Task PutStatusAsync(
        StoredDeployment stored,
        DeploymentPhase phase,
        IReadOnlyDictionary<string, VmSummary> vms,
        IReadOnlyList<DeploymentCondition> conditions,
        string? operationId,
        CancellationToken cancellationToken) =>
        _deployments.PutStatusAsync(stored.Ref, new DeploymentStatus(phase, vms, conditions, stored.Spec.Generation, operationId, _time.GetUtcNow()), cancellationToken);
}

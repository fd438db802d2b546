using Nines.Contracts.Model;
using Nines.Controller.Repositories;

namespace Nines.Controller.Reconciliation;

/// <summary>The operation that tracks a generation's work.</summary>
public sealed partial class DeploymentReconciler
{
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

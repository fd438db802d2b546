using Nines.Contracts.Model;
using Nines.Contracts.Repositories;
using Nines.Store;

namespace Nines.Controller.Repositories;

/// <summary>Retention of operations: finished ones only, by age and by count per tenant.</summary>
public sealed partial class OperationRepository
{
    private const int PruneBatch = 128;

    /// <summary>
    /// Deletes finished operations that ended before <paramref name="maxAge"/> ago, and in each tenant the finished ones
    /// beyond its newest <paramref name="keepPerTenant"/>. Never an unfinished operation, nor one a deployment's spec or
    /// status still names (the reconciler reads those). Each deletion is conditional on the operation being unchanged
    /// since it was read. Returns how many were deleted.
    /// </summary>
    public async Task<int> PruneAsync(TimeSpan maxAge, int keepPerTenant, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(keepPerTenant);
        var cutoff = _time.GetUtcNow() - maxAge;
        var named = await NamedByDeploymentsAsync(cancellationToken).ConfigureAwait(false);
        var range = await _store.RangeAsync(StoreKeys.Operations, cancellationToken: cancellationToken).ConfigureAwait(false);
        var victims = range.Entries
            .Select(e => (Entry: e, Operation: e.ValueAsJson<Operation>(ControlPlaneJson.Options)!))
            .Where(o => o.Operation.IsFinished && !named.Contains(o.Operation.Id))
            .GroupBy(o => o.Operation.Tenant, StringComparer.Ordinal)
            .SelectMany(tenant => tenant
                .OrderByDescending(o => o.Operation.FinishedAt ?? o.Operation.UpdatedAt)
                .Where((o, newest) => newest >= keepPerTenant || (o.Operation.FinishedAt ?? o.Operation.UpdatedAt) < cutoff))
            .Select(o => o.Entry)
            .ToList();

        var deleted = 0;
        foreach (var batch in victims.Chunk(PruneBatch))
        {
            deleted += await DeleteUnchangedAsync(batch, cancellationToken).ConfigureAwait(false);
        }

        return deleted;
    }

    private async Task<int> DeleteUnchangedAsync(KeyValueEntry[] batch, CancellationToken cancellationToken)
    {
        var all = await _store.TxnAsync(
            new Txn([.. batch.Select(e => TxnCompare.ModRevision(e.Key, CompareResult.Equal, e.ModRevision))], [.. batch.Select(e => TxnOp.Delete(e.Key))]),
            cancellationToken).ConfigureAwait(false);
        if (all.Succeeded)
        {
            return batch.Length;
        }

        // One of them changed meanwhile (it is no longer what was judged): delete the others one by one.
        var deleted = 0;
        foreach (var entry in batch)
        {
            var one = await _store.TxnAsync(
                new Txn([TxnCompare.ModRevision(entry.Key, CompareResult.Equal, entry.ModRevision)], [TxnOp.Delete(entry.Key)]),
                cancellationToken).ConfigureAwait(false);
            deleted += one.Succeeded ? 1 : 0;
        }

        return deleted;
    }

    /// <summary>The operations deployments' specs and statuses name: the reconciler looks them up, so they stay.</summary>
    private async Task<HashSet<string>> NamedByDeploymentsAsync(CancellationToken cancellationToken)
    {
        var range = await _store.RangeAsync(StoreKeys.Deployments, cancellationToken: cancellationToken).ConfigureAwait(false);
        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in range.Entries)
        {
            var key = entry.Key.ToString();
            var id = key.EndsWith("/spec", StringComparison.Ordinal) ? entry.ValueAsJson<DeploymentSpec>(ControlPlaneJson.Options)?.OperationId
                : key.EndsWith("/status", StringComparison.Ordinal) ? entry.ValueAsJson<DeploymentStatus>(ControlPlaneJson.Options)?.OperationId
                : null;
            if (id is not null)
            {
                named.Add(id);
            }
        }

        return named;
    }
}

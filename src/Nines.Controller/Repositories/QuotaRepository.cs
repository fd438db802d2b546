using Nines.Contracts.Model;
using Nines.Contracts.Repositories;
using Nines.Controller.Quotas;
using Nines.Store;

namespace Nines.Controller.Repositories;

/// <summary>
/// Tenants' quotas at <c>/nines/quotas/&lt;tenant&gt;</c> (absent: <see cref="TenantQuota.Default"/>) and what each
/// tenant's deployments use. Admission itself is <see cref="DeploymentRepository.ApplyWithinQuotaAsync"/>, which reads
/// both and commits under the tenant's admission fence.
/// </summary>
public sealed class QuotaRepository
{
    private readonly IStateStore _store;

    public QuotaRepository(IStateStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
    }

    /// <summary>The tenant's quota record (its unset fields take the defaults), or the default when none was set.</summary>
    public async Task<TenantQuota> GetAsync(string tenant, CancellationToken cancellationToken) =>
        (await ReadAsync(_store, tenant, cancellationToken).ConfigureAwait(false)).Quota;

    /// <summary>
    /// Sets the fields <paramref name="change"/> sets, keeping the others, in one compare-on-revision commit (two admins
    /// changing different fields at once both land); returns the record stored.
    /// </summary>
    public async Task<TenantQuota> SetAsync(string tenant, TenantQuota change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        Check(tenant);
        while (true)
        {
            var (current, revision) = await ReadAsync(_store, tenant, cancellationToken).ConfigureAwait(false);
            var next = current.With(change);
            var key = StoreKeys.Quota(tenant);
            var result = await _store.TxnAsync(
                new Txn(
                    [TxnCompare.ModRevision(key, CompareResult.Equal, revision)],
                    [TxnOp.Put(key, StateStoreJsonExtensions.ToJsonValue(next, ControlPlaneJson.Options))]),
                cancellationToken).ConfigureAwait(false);
            if (result.Succeeded)
            {
                return next;
            }
        }
    }

    /// <summary>The quota record and the revision it was read at (0 when absent: a commit may compare against it).</summary>
    internal static async Task<(TenantQuota Quota, long ModRevision)> ReadAsync(IStateStore store, string tenant, CancellationToken cancellationToken)
    {
        Check(tenant);
        var entry = await store.GetAsync(StoreKeys.Quota(tenant), cancellationToken).ConfigureAwait(false);
        return entry is null
            ? (TenantQuota.Default, 0)
            : (entry.ValueAsJson<TenantQuota>(ControlPlaneJson.Options) ?? TenantQuota.Default, entry.ModRevision);
    }

    private static void Check(string tenant)
    {
        if (!DeploymentRef.IsValidPart(tenant))
        {
            throw new ArgumentException($"tenant \"{tenant}\" is not a valid name (expected 1-63 of a-z 0-9 _ -, starting with a letter or digit)", nameof(tenant));
        }
    }
}

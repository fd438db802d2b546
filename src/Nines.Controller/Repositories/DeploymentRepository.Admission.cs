using Nines.Contracts.Model;
using Nines.Contracts.Repositories;
using Nines.Controller.Quotas;
using Nines.Store;

namespace Nines.Controller.Repositories;

public sealed partial class DeploymentRepository
{
    /// <summary>
    /// <see cref="ApplyAsync"/> under the tenant's quota: reads the tenant's admission fence, its quota and every spec
    /// of the tenant, asks <paramref name="admit"/> (quota, the other deployments' usage, this one's current usage) for
    /// violations, and commits only when there are none and neither the fence, the quota nor this spec changed since
    /// they were read. The commit rewrites the fence, so of two admissions of one tenant racing on the same usage only
    /// one commits; the other reads again and is decided on the usage that includes the winner. Applying the same
    /// content again returns the deployment unchanged without asking.
    /// </summary>
    public async Task<QuotaAdmission> ApplyWithinQuotaAsync(
        DeploymentRef deployment,
        string scenarioYaml,
        string? algorithm,
        string? restrictions,
        QuotaAccounting accounting,
        Func<TenantQuota, QuotaUsage, QuotaUsage, IReadOnlyList<QuotaViolation>> admit,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scenarioYaml);
        ArgumentNullException.ThrowIfNull(accounting);
        ArgumentNullException.ThrowIfNull(admit);
        DeploymentRef.Create(deployment.Tenant, deployment.Name);
        var fenceKey = StoreKeys.QuotaAdmission(deployment.Tenant);
        var quotaKey = StoreKeys.Quota(deployment.Tenant);
        while (true)
        {
            // The fence first: a commit that lands after this read rewrites it, so our commit below fails and we re-read.
            var fence = await _store.GetAsync(fenceKey, cancellationToken).ConfigureAwait(false);
            var (quota, quotaRevision) = await QuotaRepository.ReadAsync(_store, deployment.Tenant, cancellationToken).ConfigureAwait(false);
            var specs = await ListAsync(deployment.Tenant, cancellationToken).ConfigureAwait(false);
            var current = specs.FirstOrDefault(s => s.Ref == deployment);
            var spec = current?.Spec;
            if (spec is not null && !spec.Deleted && spec.ScenarioYaml == scenarioYaml && spec.Algorithm == algorithm && spec.Restrictions == restrictions)
            {
                return new QuotaAdmission(current, []);
            }

            var others = Sum(specs.Where(s => s.Ref != deployment), accounting);
            var mine = current is { Spec.Deleted: false } ? Usage(current, accounting) : QuotaUsage.Zero;
            var violations = admit(quota, others, mine);
            if (violations.Count > 0)
            {
                return new QuotaAdmission(null, violations);
            }

            var next = new DeploymentSpec(deployment.Tenant, deployment.Name, scenarioYaml, algorithm, restrictions, spec?.Plan, (spec?.Generation ?? 0) + 1);
            var operation = OperationRepository.NewOperation(OperationKind.Deploy, deployment, next.Generation, VmNames(next), Now);
            next = next with { OperationId = operation.Id };
            var specKey = StoreKeys.Spec(deployment);
            List<TxnCompare> compares =
            [
                TxnCompare.ModRevision(specKey, CompareResult.Equal, current?.ModRevision ?? 0),
                TxnCompare.ModRevision(fenceKey, CompareResult.Equal, fence?.ModRevision ?? 0),
                TxnCompare.ModRevision(quotaKey, CompareResult.Equal, quotaRevision),
            ];
            List<TxnOp> writes =
            [
                TxnOp.Put(specKey, StateStoreJsonExtensions.ToJsonValue(next, ControlPlaneJson.Options)),
                TxnOp.Put(StoreKeys.Operation(operation.Id), StateStoreJsonExtensions.ToJsonValue(operation, ControlPlaneJson.Options)),
                TxnOp.Put(fenceKey, StateStoreJsonExtensions.ToJsonValue(new QuotaFence(deployment.Name, operation.Id), ControlPlaneJson.Options)),
            ];
            if (await SupersedeAsync(spec, next, cancellationToken).ConfigureAwait(false) is { } superseded)
            {
                var previousKey = StoreKeys.Operation(superseded.Finished.Id);
                compares.Add(TxnCompare.ModRevision(previousKey, CompareResult.Equal, superseded.ModRevision));
                writes.Add(TxnOp.Put(previousKey, StateStoreJsonExtensions.ToJsonValue(superseded.Finished, ControlPlaneJson.Options)));
            }

            var result = await _store.TxnAsync(new Txn(compares, writes), cancellationToken).ConfigureAwait(false);
            if (result.Succeeded)
            {
                return new QuotaAdmission(StoredDeployment.Load(next, result.Revision), []);
            }
        }
    }

    /// <summary>What the tenant's deployments (those not being undeployed) use now; image bytes are the image library's.</summary>
    public async Task<QuotaUsage> UsageAsync(string tenant, QuotaAccounting accounting, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accounting);
        return Sum(await ListAsync(tenant, cancellationToken).ConfigureAwait(false), accounting);
    }

    /// <summary>What one stored deployment counts (see <see cref="QuotaUsage.Of"/>).</summary>
    public static QuotaUsage Usage(StoredDeployment deployment, QuotaAccounting accounting)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        ArgumentNullException.ThrowIfNull(accounting);
        return QuotaUsage.Of(deployment.Scenario?.Scenario, accounting.DefaultMemoryMiB, accounting.DefaultVcpus);
    }

    private static QuotaUsage Sum(IEnumerable<StoredDeployment> deployments, QuotaAccounting accounting) =>
        deployments.Where(d => !d.Spec.Deleted).Aggregate(QuotaUsage.Zero, (sum, d) => sum + Usage(d, accounting));

    /// <summary>The fence's value: which admission wrote it last (for a reader of the store; only its revision matters).</summary>
    private sealed record QuotaFence(string Deployment, string OperationId);
}

using Nines.Contracts.Model;
using Nines.Contracts.Repositories;
using Nines.Store;

namespace Nines.Controller.Repositories;

/// <summary>
/// Deployment specs (desired) and statuses (observed) in the store. Every write of a spec is a
/// compare-on-revision transaction: it succeeds only if the spec is still what the writer read, so two
/// writers (the API and the controller's plan commit, or two controllers) never both win.
/// </summary>
public sealed partial class DeploymentRepository
{
    private readonly IStateStore _store;
    private readonly TimeProvider _time;

    public DeploymentRepository(IStateStore store, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        _store = store;
        _time = time;
    }

    /// <summary>The deployment's spec as stored now, or null when there is none.</summary>
    public async Task<StoredDeployment?> GetAsync(DeploymentRef deployment, CancellationToken cancellationToken)
    {
        var entry = await _store.GetAsync(StoreKeys.Spec(deployment), cancellationToken).ConfigureAwait(false);
        return entry is null ? null : StoredDeployment.Load(Read<DeploymentSpec>(entry), entry.ModRevision);
    }

    /// <summary>Every deployment (of <paramref name="tenant"/> only, when given), in key order.</summary>
    public async Task<IReadOnlyList<StoredDeployment>> ListAsync(string? tenant, CancellationToken cancellationToken)
    {
        var prefix = tenant is null ? StoreKeys.Deployments : StoreKeys.TenantDeployments(tenant);
        var range = await _store.RangeAsync(prefix, cancellationToken: cancellationToken).ConfigureAwait(false);
        return [.. range.Entries
            .Where(e => StoreKeys.DeploymentOfSpecKey(e.Key.ToString()) is not null)
            .Select(e => StoredDeployment.Load(Read<DeploymentSpec>(e), e.ModRevision))];
    }

    /// <summary>
    /// Creates the deployment, or changes its desired state. The generation moves (and the committed plan becomes
    /// stale) only when something changed; applying the same content again returns it unchanged. Re-applying a
    /// deployment being undeployed revives it.
    /// </summary>
    public async Task<StoredDeployment> ApplyAsync(
        DeploymentRef deployment, string scenarioYaml, string? algorithm, string? restrictions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scenarioYaml);
        DeploymentRef.Create(deployment.Tenant, deployment.Name);
        while (true)
        {
            var current = await GetAsync(deployment, cancellationToken).ConfigureAwait(false);
            var spec = current?.Spec;
            if (spec is not null && !spec.Deleted && spec.ScenarioYaml == scenarioYaml && spec.Algorithm == algorithm && spec.Restrictions == restrictions)
            {
                return current!;
            }

            var next = new DeploymentSpec(deployment.Tenant, deployment.Name, scenarioYaml, algorithm, restrictions, spec?.Plan, (spec?.Generation ?? 0) + 1);
            var operation = OperationRepository.NewOperation(OperationKind.Deploy, deployment, next.Generation, VmNames(next), Now);
            next = next with { OperationId = operation.Id };
            var superseded = await SupersedeAsync(spec, next, cancellationToken).ConfigureAwait(false);
            if (await TryReplaceAsync(deployment, current?.ModRevision ?? 0, next, cancellationToken, operation, superseded).ConfigureAwait(false) is { } written)
            {
                return written;
            }
        }
    }

    /// <summary>
    /// Asks for the deployment to be undeployed: its desired set on every host becomes empty. Returns null when the
    /// deployment does not exist; asking again changes nothing.
    /// </summary>
    public async Task<StoredDeployment?> MarkDeletedAsync(DeploymentRef deployment, CancellationToken cancellationToken)
    {
        while (true)
        {
            var current = await GetAsync(deployment, cancellationToken).ConfigureAwait(false);
            if (current is null || current.Spec.Deleted)
            {
                return current;
            }

            var next = current.Spec with { Deleted = true, Generation = current.Spec.Generation + 1 };
            var operation = OperationRepository.NewOperation(OperationKind.Undeploy, deployment, next.Generation, VmNames(next), Now);
            next = next with { OperationId = operation.Id };
            var superseded = await SupersedeAsync(current.Spec, next, cancellationToken).ConfigureAwait(false);
            if (await TryReplaceAsync(deployment, current.ModRevision, next, cancellationToken, operation, superseded).ConfigureAwait(false) is { } written)
            {
                return written;
            }
        }
    }

    /// <summary>
    /// Commits <paramref name="plan"/> for the spec <paramref name="read"/> was read as: succeeds only if the spec's
    /// mod revision is still <see cref="StoredDeployment.ModRevision"/>. Returns the spec with the plan, or null when
    /// someone changed the spec first (re-read and decide again).
    /// </summary>
    public Task<StoredDeployment?> CommitPlanAsync(StoredDeployment read, CommittedPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.Generation != read.Spec.Generation)
        {
            throw new ArgumentException($"plan is for generation {plan.Generation} but the spec read is generation {read.Spec.Generation}", nameof(plan));
        }

        return TryReplaceAsync(read.Ref, read.ModRevision, read.Spec with { Plan = plan }, cancellationToken);
    }

    /// <summary>
    /// Deletes the spec and status of an undeployed deployment, only if the spec is still as read (a re-deploy in
    /// between wins), writing <paramref name="finished"/> (the undeploy's completed operation) in the same
    /// transaction. Returns whether it deleted.
    /// </summary>
    public async Task<bool> RemoveAsync(StoredDeployment read, CancellationToken cancellationToken, Operation? finished = null)
    {
        ArgumentNullException.ThrowIfNull(read);
        List<TxnOp> ops = [TxnOp.Delete(StoreKeys.Spec(read.Ref)), TxnOp.Delete(StoreKeys.Status(read.Ref))];
        if (finished is not null)
        {
            ops.Add(TxnOp.Put(StoreKeys.Operation(finished.Id), StateStoreJsonExtensions.ToJsonValue(finished, ControlPlaneJson.Options)));
        }

        var result = await _store.TxnAsync(
            new Txn([TxnCompare.ModRevision(StoreKeys.Spec(read.Ref), CompareResult.Equal, read.ModRevision)], ops),
            cancellationToken).ConfigureAwait(false);
        return result.Succeeded;
    }

    /// <summary>The deployment's observed summary, or null before the controller wrote one.</summary>
    public Task<DeploymentStatus?> GetStatusAsync(DeploymentRef deployment, CancellationToken cancellationToken) =>
        _store.GetJsonAsync<DeploymentStatus>(StoreKeys.Status(deployment), ControlPlaneJson.Options, cancellationToken);

    /// <summary>Writes the observed summary (the controller is its only writer).</summary>
    public Task PutStatusAsync(DeploymentRef deployment, DeploymentStatus status, CancellationToken cancellationToken) =>
        _store.PutJsonAsync(StoreKeys.Status(deployment), status, options: ControlPlaneJson.Options, cancellationToken: cancellationToken);

    /// <summary>The store the repository writes (the controller's records beside the specs use it too).</summary>
    internal IStateStore Store => _store;

    /// <summary>The current time on the repository's clock (for plans and statuses made from what it read).</summary>
    internal DateTimeOffset Now => _time.GetUtcNow();

    private async Task<StoredDeployment?> TryReplaceAsync(
        DeploymentRef deployment,
        long expectedModRevision,
        DeploymentSpec next,
        CancellationToken cancellationToken,
        Operation? operation = null,
        (Operation Finished, long ModRevision)? superseded = null)
    {
        var key = StoreKeys.Spec(deployment);
        List<TxnCompare> compares = [TxnCompare.ModRevision(key, CompareResult.Equal, expectedModRevision)];
        List<TxnOp> ops = [TxnOp.Put(key, StateStoreJsonExtensions.ToJsonValue(next, ControlPlaneJson.Options))];
        if (operation is not null)
        {
            ops.Add(TxnOp.Put(StoreKeys.Operation(operation.Id), StateStoreJsonExtensions.ToJsonValue(operation, ControlPlaneJson.Options)));
        }

        if (superseded is { } previous)
        {
            // Only if the controller did not move it on since we read it; else read both again.
            var previousKey = StoreKeys.Operation(previous.Finished.Id);
            compares.Add(TxnCompare.ModRevision(previousKey, CompareResult.Equal, previous.ModRevision));
            ops.Add(TxnOp.Put(previousKey, StateStoreJsonExtensions.ToJsonValue(previous.Finished, ControlPlaneJson.Options)));
        }

        var result = await _store.TxnAsync(new Txn(compares, ops), cancellationToken).ConfigureAwait(false);
        return result.Succeeded ? StoredDeployment.Load(next, result.Revision) : null;
    }

    /// <summary>
    /// The operation of <paramref name="previous"/>'s generation, ended FAILED because <paramref name="next"/> replaces
    /// it, when it has not finished: an undeploy (or a new deploy) asked before the controller got to it would
    /// otherwise leave it STARTING for good (the controller sees only the newest generation).
    /// </summary>
    private async Task<(Operation Finished, long ModRevision)?> SupersedeAsync(DeploymentSpec? previous, DeploymentSpec next, CancellationToken cancellationToken)
    {
        if (previous?.OperationId is not { } id
            || await _store.GetAsync(StoreKeys.Operation(id), cancellationToken).ConfigureAwait(false) is not { } entry
            || entry.ValueAsJson<Operation>(ControlPlaneJson.Options) is not { IsFinished: false } operation)
        {
            return null;
        }

        var now = Now;
        var by = next.Deleted ? "an undeploy" : "a new deploy";
        var finished = operation with
        {
            State = OperationState.FAILED,
            Error = $"superseded by generation {next.Generation} ({by} asked before this one finished)",
            UpdatedAt = now,
            FinishedAt = now,
        };
        return (finished, entry.ModRevision);
    }

    /// <summary>The VMs an operation on <paramref name="spec"/> tracks: those of the plan, else those of the scenario.</summary>
    private static IEnumerable<string> VmNames(DeploymentSpec spec) =>
        spec.Plan is { Placements.Count: > 0 } plan
            ? plan.Placements.Keys
            : StoredDeployment.Load(spec, 0).Scenario?.Scenario.Vms.Select(v => v.Name) ?? [];

    private static T Read<T>(KeyValueEntry entry) =>
        entry.ValueAsJson<T>(ControlPlaneJson.Options) ?? throw new InvalidDataException($"key \"{entry.Key}\" holds JSON null");
}

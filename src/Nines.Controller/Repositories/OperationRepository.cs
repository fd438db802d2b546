using System.Security.Cryptography;
using Nines.Contracts.Model;
using Nines.Contracts.Repositories;
using Nines.Store;

namespace Nines.Controller.Repositories;

/// <summary>
/// Operation resources: created when work starts, updated as it progresses, kept when it ends until
/// <see cref="PruneAsync"/> drops them by age and by count per tenant.
/// </summary>
public sealed partial class OperationRepository
{
    private readonly IStateStore _store;
    private readonly TimeProvider _time;

    public OperationRepository(IStateStore store, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        _store = store;
        _time = time;
    }

    /// <summary>Creates an operation in state STARTING with a new id (<c>op-</c> and 16 hex digits).</summary>
    public async Task<Operation> CreateAsync(OperationKind kind, DeploymentRef deployment, long generation, IEnumerable<string> vms, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vms);
        var operation = NewOperation(kind, deployment, generation, vms, _time.GetUtcNow());
        await PutAsync(operation, cancellationToken).ConfigureAwait(false);
        return operation;
    }

    /// <summary>A new operation in state STARTING, not yet stored (for writers that store it in their own transaction).</summary>
    internal static Operation NewOperation(OperationKind kind, DeploymentRef deployment, long generation, IEnumerable<string> vms, DateTimeOffset now) =>
        new(
            $"op-{RandomNumberGenerator.GetHexString(16, lowercase: true)}",
            kind,
            deployment.Tenant,
            deployment.Name,
            generation,
            OperationState.STARTING,
            vms.ToDictionary(vm => vm, _ => new VmProgress("pending", 0), StringComparer.Ordinal),
            null,
            now,
            now,
            null);

    public Task<Operation?> GetAsync(string id, CancellationToken cancellationToken) =>
        _store.GetJsonAsync<Operation>(StoreKeys.Operation(id), ControlPlaneJson.Options, cancellationToken);

    /// <summary>Every operation (of <paramref name="tenant"/> only, when given), oldest first.</summary>
    public async Task<IReadOnlyList<Operation>> ListAsync(string? tenant, CancellationToken cancellationToken)
    {
        var range = await _store.RangeAsync(StoreKeys.Operations, cancellationToken: cancellationToken).ConfigureAwait(false);
        return [.. range.Entries
            .Select(e => e.ValueAsJson<Operation>(ControlPlaneJson.Options)!)
            .Where(o => tenant is null || o.Tenant == tenant)
            .OrderBy(o => o.StartedAt)];
    }

    /// <summary>Writes <paramref name="operation"/> (the controller is its only writer once created).</summary>
    public Task PutAsync(Operation operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return _store.PutJsonAsync(StoreKeys.Operation(operation.Id), operation, options: ControlPlaneJson.Options, cancellationToken: cancellationToken);
    }
}

using Nines.Contracts.Model;
using Nines.Store;

namespace Nines.Contracts.Repositories;

/// <summary>
/// Host registrations (leased: a host whose agent stops heartbeating disappears) and the VMs' observed state
/// per host.
/// </summary>
public sealed class HostRepository
{
    private readonly IStateStore _store;

    public HostRepository(IStateStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
    }

    /// <summary>Registers <paramref name="host"/> under a new lease of <paramref name="ttl"/>; returns the lease to keep alive.</summary>
    public async Task<long> RegisterAsync(HostRecord host, TimeSpan ttl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        var lease = await _store.GrantLeaseAsync(ttl, cancellationToken).ConfigureAwait(false);
        await _store.PutJsonAsync(StoreKeys.HostInfo(host.Name), host, lease, ControlPlaneJson.Options, cancellationToken).ConfigureAwait(false);
        return lease;
    }

    /// <summary>
    /// The agent's heartbeat: keeps the lease alive and refreshes the record (load, time). Throws
    /// <see cref="LeaseNotFoundException"/> when the lease expired: register again.
    /// </summary>
    public async Task HeartbeatAsync(long lease, HostRecord host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        await _store.KeepAliveAsync(lease, cancellationToken).ConfigureAwait(false);
        await _store.PutJsonAsync(StoreKeys.HostInfo(host.Name), host, lease, ControlPlaneJson.Options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every registered (live) host, in name order.</summary>
    public async Task<IReadOnlyList<HostRecord>> ListAsync(CancellationToken cancellationToken)
    {
        var range = await _store.RangeAsync(StoreKeys.Hosts, cancellationToken: cancellationToken).ConfigureAwait(false);
        return [.. range.Entries
            .Where(e => e.Key.ToString().EndsWith("/info", StringComparison.Ordinal))
            .Select(e => e.ValueAsJson<HostRecord>(ControlPlaneJson.Options)!)];
    }

    /// <summary>Writes what a host reported about one VM.</summary>
    public Task PutVmAsync(VmObserved vm, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vm);
        var key = StoreKeys.HostVm(vm.Host, new DeploymentRef(vm.Tenant, vm.Deployment), vm.Vm);
        return _store.PutJsonAsync(key, vm, options: ControlPlaneJson.Options, cancellationToken: cancellationToken);
    }

    /// <summary>The observed VMs of <paramref name="deployment"/> on <paramref name="host"/>.</summary>
    public async Task<IReadOnlyList<VmObserved>> ListVmsAsync(string host, DeploymentRef deployment, CancellationToken cancellationToken)
    {
        var range = await _store.RangeAsync(StoreKeys.HostVms(host, deployment), cancellationToken: cancellationToken).ConfigureAwait(false);
        return [.. range.Entries.Select(e => e.ValueAsJson<VmObserved>(ControlPlaneJson.Options)!)];
    }

    /// <summary>Forgets one observed VM (it was removed from its host).</summary>
    public Task DeleteVmAsync(string host, DeploymentRef deployment, string vm, CancellationToken cancellationToken) =>
        _store.DeleteAsync(StoreKeys.HostVm(host, deployment, vm), cancellationToken);

    /// <summary>Forgets every observed VM of <paramref name="deployment"/> on <paramref name="host"/>.</summary>
    public Task DeleteVmsAsync(string host, DeploymentRef deployment, CancellationToken cancellationToken) =>
        _store.DeleteRangeAsync(StoreKeys.HostVms(host, deployment), cancellationToken);

    /// <summary>Marks the host unschedulable: plans place nothing new there and a drain moves its VMs away.</summary>
    public Task MarkDrainedAsync(HostDrainMark mark, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mark);
        return _store.PutJsonAsync(StoreKeys.Drain(mark.Host), mark, 0, ControlPlaneJson.Options, cancellationToken);
    }

    /// <summary>Makes <paramref name="host"/> schedulable again; true when it was drained.</summary>
    public async Task<bool> UndrainAsync(string host, CancellationToken cancellationToken) =>
        (await _store.DeleteAsync(StoreKeys.Drain(host), cancellationToken).ConfigureAwait(false)).Deleted > 0;

    /// <summary>The drained (unschedulable) hosts.</summary>
    public async Task<IReadOnlyList<HostDrainMark>> ListDrainedAsync(CancellationToken cancellationToken)
    {
        var range = await _store.RangeAsync(StoreKeys.Drains, cancellationToken: cancellationToken).ConfigureAwait(false);
        return [.. range.Entries.Select(e => e.ValueAsJson<HostDrainMark>(ControlPlaneJson.Options)).OfType<HostDrainMark>()];
    }
}

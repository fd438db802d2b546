using Nines.Contracts.Errors;
using Nines.Contracts.Model;
using Nines.Contracts.Repositories;
using Nines.Store;

namespace Nines.Agent.Hosting;

/// <summary>
/// The heartbeat of an agent that fences itself. It counts from the moment it <em>sent</em> the last renewal the store
/// confirmed (keep-alive and record write both answered): the store cannot expire the lease before that moment plus
/// the TTL, so fencing at that moment plus TTL − margin always comes first. It fences when that deadline arrives
/// without a newer confirmation (store unreachable, partition) or when the store answers that the lease is gone, then
/// registers again as soon as the store answers, and only then lets the host run VMs again.
/// </summary>
/// <remarks>
/// While no controller is reachable but the store is (or the store is away for less than the deadline), nothing
/// happens to the VMs: the agent keeps running them ("headless") and the next controller resynchronises.
/// </remarks>
internal sealed class SelfFencingHeartbeat
{
    private readonly IStateStore _store;
    private readonly HostRepository _hosts;
    private readonly string _hostName;
    private readonly Func<DateTimeOffset, HostRecord> _record;
    private readonly TimeSpan _ttl;
    private readonly TimeSpan _interval;
    private readonly SelfFencingOptions _fencing;
    private readonly Func<string, CancellationToken, Task<IReadOnlyList<string>>> _fence;
    private readonly Action _unfence;
    private readonly TimeProvider _time;
    private long _lease;
    private long _confirmedAt;
    private bool _registered;
    private FenceRecord? _unreported;

    public SelfFencingHeartbeat(
        IStateStore store,
        string hostName,
        Func<DateTimeOffset, HostRecord> record,
        TimeSpan ttl,
        TimeSpan interval,
        SelfFencingOptions fencing,
        Func<string, CancellationToken, Task<IReadOnlyList<string>>> fence,
        Action unfence,
        TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(interval, ttl);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(fencing.FenceMargin + interval, ttl, "fence margin + heartbeat interval");
        _store = store;
        _hosts = new HostRepository(store);
        _hostName = hostName;
        _record = record;
        _ttl = ttl;
        _interval = interval;
        _fencing = fencing;
        _fence = fence;
        _unfence = unfence;
        _time = time;
    }

    /// <summary>Raised after the host fenced itself.</summary>
    public event Action<FenceRecord>? Fenced;

    /// <summary>Raised after each registration with the new lease (the fence guard renews it too).</summary>
    public Action<long>? Registered { get; init; }

    /// <summary>
    /// The send time (this heartbeat's clock) of the latest renewal of a lease someone else had confirmed (the fence
    /// guard renews the same lease), or null: the deadline counts from the later of that and this heartbeat's own.
    /// </summary>
    public Func<long, long?>? OtherConfirmation { get; init; }

    /// <summary>Every fencing so far, oldest first.</summary>
    public List<FenceRecord> Fences { get; } = [];

    /// <summary>Publishes the fencing contract, then registers the host under a new lease.</summary>
    public async Task RegisterAsync(CancellationToken cancellationToken)
    {
        var sentAt = _time.GetTimestamp();
        await _store.PutJsonAsync(HostFencingContract.Key(_hostName), new HostFencingContract(_ttl, _fencing.FenceMargin), options: ControlPlaneJson.Options, cancellationToken: cancellationToken).ConfigureAwait(false);
        _lease = await _hosts.RegisterAsync(_record(_time.GetUtcNow()), _ttl, cancellationToken).ConfigureAwait(false);
        _confirmedAt = sentAt;
        _registered = true;
        _unfence();
        Registered?.Invoke(_lease);
        if (_unreported is { } fence)
        {
            _unreported = null;
            await new EventLog(_store, _time).AppendAsync(
                EventSeverity.Warning, "HostSelfFenced", _hostName, fence.Reason, $"host {_hostName} fenced itself at {fence.At:HH:mm:ss.fff} ({fence.Reason}): destroyed {fence.Vms.Count} VMs", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Withdraws the contract: the host is stopped on purpose and its VMs must not be restarted elsewhere.</summary>
    public Task WithdrawAsync(CancellationToken cancellationToken) => _store.DeleteAsync(HostFencingContract.Key(_hostName), cancellationToken);

    /// <summary>Heartbeats, fences and re-registers until <paramref name="cancellationToken"/> fires (then returns).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (_registered)
                {
                    await BeatAsync(cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await Task.Delay(_fencing.RetryInterval, _time, cancellationToken).ConfigureAwait(false);
                    await RegisterWithinAsync(_interval, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task BeatAsync(CancellationToken cancellationToken)
    {
        var safeFor = _ttl - _fencing.FenceMargin;
        AdoptOtherConfirmation();
        var left = safeFor - _time.GetElapsedTime(_confirmedAt);
        if (left > TimeSpan.Zero)
        {
            await Task.Delay(left < _interval ? left : _interval, _time, cancellationToken).ConfigureAwait(false);
        }

        AdoptOtherConfirmation();
        left = safeFor - _time.GetElapsedTime(_confirmedAt);
        if (left <= TimeSpan.Zero)
        {
            await FenceAsync($"no lease renewal confirmed for {safeFor.TotalSeconds:0.###} s", cancellationToken).ConfigureAwait(false);
            return;
        }

        var sentAt = _time.GetTimestamp();
        using var deadline = new CancellationTokenSource(left, _time);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            await _hosts.HeartbeatAsync(_lease, _record(_time.GetUtcNow()), attempt.Token).ConfigureAwait(false);
            _confirmedAt = sentAt;
        }
        catch (LeaseNotFoundException)
        {
            await FenceAsync("the store says the registration lease expired", cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && (e is OperationCanceledException || ReconcileErrors.IsTransient(e)))
        {
            // Unreachable or slow store: the next beat tries again; the deadline above fences in time.
        }
    }

    private void AdoptOtherConfirmation()
    {
        if (OtherConfirmation?.Invoke(_lease) is { } other && other > _confirmedAt && other <= _time.GetTimestamp())
        {
            _confirmedAt = other;
        }
    }

    private async Task FenceAsync(string reason, CancellationToken cancellationToken)
    {
        _registered = false;
        var destroyed = await _fence(reason, cancellationToken).ConfigureAwait(false);
        var record = new FenceRecord(_time.GetUtcNow(), reason, destroyed);
        Fences.Add(record);
        _unreported = record;
        Fenced?.Invoke(record);
    }

    private async Task RegisterWithinAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(timeout, _time);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            await RegisterAsync(attempt.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && (e is OperationCanceledException || ReconcileErrors.IsTransient(e)))
        {
            // Still cut off: try again after the retry interval.
        }
    }
}

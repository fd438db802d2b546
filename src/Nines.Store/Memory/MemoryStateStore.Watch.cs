using System.Runtime.CompilerServices;

namespace Nines.Store.Memory;

/// <summary>Watches, compaction and leases of the in-memory store.</summary>
public sealed partial class MemoryStateStore
{
    public async IAsyncEnumerable<WatchEvent> WatchAsync(
        StoreKey prefix,
        long fromRevision,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token);
        var position = fromRevision;
        while (true)
        {
            stop.Token.ThrowIfCancellationRequested();
            List<WatchEvent> events;
            Task changed;
            lock (_gate)
            {
                if (position < _compactRevision)
                {
                    throw new StoreCompactedException(_compactRevision);
                }

                changed = _changes.Next;
                var after = position;
                events = _history.Where(e => e.Revision > after && e.Entry.Key.StartsWith(prefix)).ToList();
                position = Math.Max(position, _revision);
            }

            foreach (var change in events)
            {
                yield return change;
            }

            await changed.WaitAsync(stop.Token).ConfigureAwait(false);
        }
    }

    public Task CompactAsync(long revision, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (revision > _revision)
            {
                throw new ArgumentOutOfRangeException(nameof(revision), revision, $"cannot compact past the store's revision {_revision}");
            }

            CompactTo_NeedsLock(revision);
            return Task.CompletedTask;
        }
    }

    public Task<long> GrantLeaseAsync(TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        TxnRules.CheckTtl(ttl);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var id = ++_lastLease;
            _leases[id] = new MemoryLease(ttl, _time.GetUtcNow() + ttl);
            return Task.FromResult(id);
        }
    }

    public Task<TimeSpan> KeepAliveAsync(long lease, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var now = _time.GetUtcNow();
            if (!_leases.TryGetValue(lease, out var state) || state.ExpiresAt <= now)
            {
                throw new LeaseNotFoundException(lease);
            }

            _leases[lease] = state with { ExpiresAt = now + state.Ttl };
            return Task.FromResult(state.Ttl);
        }
    }

    public Task<long> RevokeLeaseAsync(long lease, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_leases.ContainsKey(lease))
            {
                throw new LeaseNotFoundException(lease);
            }

            EndLeases_NeedsLock([lease]);
            return Task.FromResult(_revision);
        }
    }

    private void OnMaintenanceTick()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            var now = _time.GetUtcNow();
            var expired = _leases.Where(pair => pair.Value.ExpiresAt <= now).Select(pair => pair.Key).ToList();
            if (expired.Count > 0)
            {
                EndLeases_NeedsLock(expired);
            }

            if (_historyKeepRevisions is { } keep && _revision - keep > _compactRevision)
            {
                CompactTo_NeedsLock(_revision - keep);
            }
        }
    }

    /// <summary>Ends the leases and deletes their keys, all in one revision.</summary>
    private void EndLeases_NeedsLock(List<long> leases)
    {
        var batch = new Batch(this);
        batch.DeleteEntries(_kv.Values.Where(e => leases.Contains(e.Lease)).ToList());
        foreach (var lease in leases)
        {
            _leases.Remove(lease);
        }

        batch.Finish_NeedsLock();
    }

    private void CompactTo_NeedsLock(long revision)
    {
        if (revision > _compactRevision)
        {
            _history.RemoveAll(e => e.Revision <= revision);
            _compactRevision = revision;
        }
    }
}

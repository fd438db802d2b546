namespace Nines.Store.Memory;

/// <summary>
/// A store that lives in this process only: for tests of the controller and for demos. Same contract as
/// the SQLite and etcd stores; nothing survives disposal. One lock guards everything: simple and fast
/// enough for a test's traffic.
/// </summary>
public sealed partial class MemoryStateStore : IStateStore
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<StoreKey, KeyValueEntry> _kv = [];
    private readonly List<WatchEvent> _history = [];
    private readonly Dictionary<long, MemoryLease> _leases = [];
    private readonly ChangeSignal _changes = new();
    private readonly CancellationTokenSource _lifetime = new();
    private readonly TimeProvider _time;
    private readonly long? _historyKeepRevisions;
    private readonly ITimer _maintenance;
    private long _revision = 1;
    private long _compactRevision;
    private long _lastLease;
    private bool _disposed;

    /// <summary>Creates an empty store at revision 1.</summary>
    /// <param name="timeProvider">The clock for lease expiry (default: the system clock).</param>
    /// <param name="maintenanceInterval">How often expired leases are ended and history compacted (default 1 s).</param>
    /// <param name="historyKeepRevisions">Revisions of history kept for watches (null = all).</param>
    public MemoryStateStore(TimeProvider? timeProvider = null, TimeSpan? maintenanceInterval = null, long? historyKeepRevisions = 10_000)
    {
        _time = timeProvider ?? TimeProvider.System;
        _historyKeepRevisions = historyKeepRevisions;
        var interval = maintenanceInterval ?? TimeSpan.FromSeconds(1);
        _maintenance = _time.CreateTimer(_ => OnMaintenanceTick(), null, interval, interval);
    }

    public Task<KeyValueEntry?> GetAsync(StoreKey key, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return Task.FromResult(_kv.GetValueOrDefault(key));
        }
    }

    public Task<RangeResult> RangeAsync(StoreKey prefix, int? limit = null, CancellationToken cancellationToken = default)
    {
        TxnRules.CheckLimit(limit);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var entries = Range_NeedsLock(prefix);
            var more = limit is { } max && entries.Count > max;
            return Task.FromResult(new RangeResult(more ? entries[..limit!.Value] : entries, _revision, more));
        }
    }

    public Task<long> PutAsync(StoreKey key, ReadOnlyMemory<byte> value, long lease = 0, CancellationToken cancellationToken = default)
    {
        TxnRules.CheckWritableKey(key, nameof(key));
        return Task.FromResult(Write(() => CheckLeases_NeedsLock([new TxnPut(key, value, lease)]), batch => batch.Put(key, value, lease)).Revision);
    }

    public Task<DeleteResult> DeleteAsync(StoreKey key, CancellationToken cancellationToken = default)
    {
        var (deleted, revision) = Write(() => { }, batch => batch.Delete(key, isPrefix: false));
        return Task.FromResult(new DeleteResult(deleted, revision));
    }

    public Task<DeleteResult> DeleteRangeAsync(StoreKey prefix, CancellationToken cancellationToken = default)
    {
        var (deleted, revision) = Write(() => { }, batch => batch.Delete(prefix, isPrefix: true));
        return Task.FromResult(new DeleteResult(deleted, revision));
    }

    public Task<TxnResult> TxnAsync(Txn txn, CancellationToken cancellationToken = default)
    {
        TxnRules.Validate(txn);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var succeeded = TxnRules.AllHold(txn.Compares, k => _kv.GetValueOrDefault(k));
            var ops = succeeded ? txn.Success : txn.Failure;

            // Leases are checked before anything changes, so a failing op cannot leave half a transaction.
            CheckLeases_NeedsLock(ops.OfType<TxnPut>());
            var batch = new Batch(this);
            var results = ops.Select(batch.Apply).ToList();
            batch.Finish_NeedsLock();
            return Task.FromResult(new TxnResult(succeeded, _revision, results));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _maintenance.DisposeAsync().ConfigureAwait(false);
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        await _lifetime.CancelAsync().ConfigureAwait(false);
        _lifetime.Dispose();
    }

    private (long Result, long Revision) Write(Action check, Func<Batch, long> write)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            check();
            var batch = new Batch(this);
            var result = write(batch);
            batch.Finish_NeedsLock();
            return (result, _revision);
        }
    }

    private List<KeyValueEntry> Range_NeedsLock(StoreKey prefix) =>
        _kv.Where(pair => pair.Key.StartsWith(prefix)).Select(pair => pair.Value).ToList();

    private void CheckLeases_NeedsLock(IEnumerable<TxnPut> puts)
    {
        var now = _time.GetUtcNow();
        foreach (var put in puts)
        {
            if (put.Lease != 0 && !(_leases.TryGetValue(put.Lease, out var lease) && lease.ExpiresAt > now))
            {
                throw new LeaseNotFoundException(put.Lease);
            }
        }
    }

    /// <summary>The changes of one write, all at revision <c>start + 1</c>; the revision moves only if something changed.</summary>
    private sealed class Batch(MemoryStateStore store)
    {
        private bool _changed;

        private long Next => store._revision + 1;

        public TxnOpResult Apply(TxnOp op) => op switch
        {
            TxnPut put => new TxnOpResult([], Put(put.Key, put.Value, put.Lease)),
            TxnDelete delete => new TxnOpResult([], Delete(delete.Key, delete.IsPrefix)),
            TxnGet { IsPrefix: true } range => new TxnOpResult(Limit(store.Range_NeedsLock(range.Key), range.Limit), 0),
            TxnGet get => new TxnOpResult(store._kv.TryGetValue(get.Key, out var entry) ? [entry] : [], 0),
            _ => throw new ArgumentException($"unknown txn op {op.GetType().Name}", nameof(op)),
        };

        /// <summary>Returns 0: a put's op result carries nothing.</summary>
        public long Put(StoreKey key, ReadOnlyMemory<byte> value, long lease)
        {
            var previous = store._kv.GetValueOrDefault(key);
            var entry = new KeyValueEntry(key, value.ToArray(), previous?.CreateRevision ?? Next, Next, (previous?.Version ?? 0) + 1, lease);
            store._kv[key] = entry;
            store._history.Add(new WatchEvent(WatchEventKind.Put, entry, previous));
            _changed = true;
            return 0;
        }

        public long Delete(StoreKey key, bool isPrefix)
        {
            var victims = isPrefix ? store.Range_NeedsLock(key) : store._kv.TryGetValue(key, out var entry) ? [entry] : [];
            DeleteEntries(victims);
            return victims.Count;
        }

        public void DeleteEntries(List<KeyValueEntry> victims)
        {
            foreach (var victim in victims)
            {
                store._kv.Remove(victim.Key);
                store._history.Add(new WatchEvent(WatchEventKind.Delete, new KeyValueEntry(victim.Key, ReadOnlyMemory<byte>.Empty, 0, Next, 0, 0), victim));
                _changed = true;
            }
        }

        public void Finish_NeedsLock()
        {
            if (_changed)
            {
                store._revision++;
                store._changes.Pulse();
            }
        }

        private static List<KeyValueEntry> Limit(List<KeyValueEntry> entries, int? limit) =>
            limit is { } max && entries.Count > max ? entries[..max] : entries;
    }

    private sealed record MemoryLease(TimeSpan Ttl, DateTimeOffset ExpiresAt);
}

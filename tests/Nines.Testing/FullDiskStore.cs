using Nines.Store;

namespace Nines.Testing;

/// <summary>
/// A store whose writes all fail as on a full disk (reads and watches still work), while <see cref="Full"/> is set;
/// <paramref name="error"/> plays another failure (a corrupt database).
/// </summary>
public sealed class FullDiskStore(IStateStore inner, Func<Exception>? error = null) : IStateStore
{
    public bool Full { get; set; } = true;

    public Task<KeyValueEntry?> GetAsync(StoreKey key, CancellationToken cancellationToken = default) => inner.GetAsync(key, cancellationToken);

    public Task<RangeResult> RangeAsync(StoreKey prefix, int? limit = null, CancellationToken cancellationToken = default) => inner.RangeAsync(prefix, limit, cancellationToken);

    public Task<long> PutAsync(StoreKey key, ReadOnlyMemory<byte> value, long lease = 0, CancellationToken cancellationToken = default) =>
        Full ? throw NoSpace() : inner.PutAsync(key, value, lease, cancellationToken);

    public Task<DeleteResult> DeleteAsync(StoreKey key, CancellationToken cancellationToken = default) =>
        Full ? throw NoSpace() : inner.DeleteAsync(key, cancellationToken);

    public Task<DeleteResult> DeleteRangeAsync(StoreKey prefix, CancellationToken cancellationToken = default) =>
        Full ? throw NoSpace() : inner.DeleteRangeAsync(prefix, cancellationToken);

    public Task<TxnResult> TxnAsync(Txn txn, CancellationToken cancellationToken = default) =>
        Full ? throw NoSpace() : inner.TxnAsync(txn, cancellationToken);

    public IAsyncEnumerable<WatchEvent> WatchAsync(StoreKey prefix, long fromRevision, CancellationToken cancellationToken = default) => inner.WatchAsync(prefix, fromRevision, cancellationToken);

    public Task CompactAsync(long revision, CancellationToken cancellationToken = default) => inner.CompactAsync(revision, cancellationToken);

    public Task<long> GrantLeaseAsync(TimeSpan ttl, CancellationToken cancellationToken = default) => inner.GrantLeaseAsync(ttl, cancellationToken);

    public Task<TimeSpan> KeepAliveAsync(long lease, CancellationToken cancellationToken = default) => inner.KeepAliveAsync(lease, cancellationToken);

    public Task<long> RevokeLeaseAsync(long lease, CancellationToken cancellationToken = default) => inner.RevokeLeaseAsync(lease, cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private Exception NoSpace() => error?.Invoke() ?? new IOException("No space left on device");
}

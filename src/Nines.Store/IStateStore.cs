namespace Nines.Store;

/// <summary>
/// The control plane's state: a revisioned key-value store modelled on etcd v3's KV, Watch and Lease
/// services, so the embedded SQLite store and etcd sit behind the same contract.
/// Every change bumps one store-wide revision; a transaction's writes share one revision.
/// </summary>
/// <remarks>See README.md next to this file for the model, the key layout and the etcd mapping.</remarks>
public interface IStateStore : IAsyncDisposable
{
    /// <summary>The key's current entry, or null when it does not exist.</summary>
    Task<KeyValueEntry?> GetAsync(StoreKey key, CancellationToken cancellationToken = default);

    /// <summary>
    /// The entries whose key starts with <paramref name="prefix"/> (byte-wise: end a directory prefix with
    /// '/' so "a/b/" does not match "a/bc"), in key order, at most <paramref name="limit"/> of them, with the
    /// store revision of the read.
    /// </summary>
    Task<RangeResult> RangeAsync(StoreKey prefix, int? limit = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sets the key, attached to <paramref name="lease"/> (0 = none; a put without a lease detaches the key).
    /// Returns the new store revision. Throws <see cref="LeaseNotFoundException"/> for an unknown lease.
    /// </summary>
    Task<long> PutAsync(StoreKey key, ReadOnlyMemory<byte> value, long lease = 0, CancellationToken cancellationToken = default);

    /// <summary>Deletes the key if present.</summary>
    Task<DeleteResult> DeleteAsync(StoreKey key, CancellationToken cancellationToken = default);

    /// <summary>Deletes every key starting with <paramref name="prefix"/>, all in one revision.</summary>
    Task<DeleteResult> DeleteRangeAsync(StoreKey prefix, CancellationToken cancellationToken = default);

    /// <summary>Runs <paramref name="txn"/> atomically: see <see cref="Txn"/>.</summary>
    Task<TxnResult> TxnAsync(Txn txn, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every change to a key under <paramref name="prefix"/> with a revision greater than
    /// <paramref name="fromRevision"/>, in revision order, first those already made (even between this call and
    /// the first MoveNext) and then live ones, until <paramref name="cancellationToken"/> is cancelled (which
    /// throws <see cref="OperationCanceledException"/>). Throws <see cref="StoreCompactedException"/> when
    /// <paramref name="fromRevision"/> is below the store's compact revision, at the start or later if the
    /// watcher falls that far behind.
    /// </summary>
    IAsyncEnumerable<WatchEvent> WatchAsync(StoreKey prefix, long fromRevision, CancellationToken cancellationToken = default);

    /// <summary>
    /// Discards the change history up to and including <paramref name="revision"/>: later watches must start
    /// at or after it. Does nothing when the store is already compacted that far.
    /// </summary>
    Task CompactAsync(long revision, CancellationToken cancellationToken = default);

    /// <summary>Grants a lease that ends <paramref name="ttl"/> from now unless kept alive; returns its id (never 0).</summary>
    Task<long> GrantLeaseAsync(TimeSpan ttl, CancellationToken cancellationToken = default);

    /// <summary>
    /// Restarts the lease's time to live; returns that TTL. Throws <see cref="LeaseNotFoundException"/> when
    /// the lease was revoked or has expired.
    /// </summary>
    Task<TimeSpan> KeepAliveAsync(long lease, CancellationToken cancellationToken = default);

    /// <summary>
    /// Ends the lease now, deleting every key attached to it in one revision; returns the store revision after.
    /// Throws <see cref="LeaseNotFoundException"/> for an unknown lease.
    /// </summary>
    Task<long> RevokeLeaseAsync(long lease, CancellationToken cancellationToken = default);
}

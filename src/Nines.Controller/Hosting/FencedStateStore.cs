using System.Runtime.CompilerServices;
using Nines.Store;

namespace Nines.Controller.Hosting;

/// <summary>
/// A leader's view of the shared store for one term: reads pass through, and every write is a transaction that also
/// compares the election key's <c>CreateRevision</c> with the one this term created. Once another controller holds
/// the key (a new key, a new create revision) or nobody does, the write fails as a whole and throws
/// <see cref="LeadershipLostException"/>: a deposed leader that is still running (paused, partitioned, slow to notice)
/// can never commit a plan, a status or an event after its term.
/// </summary>
public sealed class FencedStateStore : IStateStore
{
    private readonly IStateStore _inner;
    private readonly StoreKey _electionKey;
    private readonly long _termRevision;

    /// <param name="inner">The shared store (not disposed by this view).</param>
    /// <param name="electionKey">The key the controllers campaign for.</param>
    /// <param name="termRevision">The election key's create revision in this term.</param>
    public FencedStateStore(IStateStore inner, StoreKey electionKey, long termRevision)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(termRevision);
        _inner = inner;
        _electionKey = electionKey;
        _termRevision = termRevision;
    }

    /// <summary>The election key's create revision every write is fenced on.</summary>
    public long TermRevision => _termRevision;

    public Task<KeyValueEntry?> GetAsync(StoreKey key, CancellationToken cancellationToken = default) => _inner.GetAsync(key, cancellationToken);

    public Task<RangeResult> RangeAsync(StoreKey prefix, int? limit = null, CancellationToken cancellationToken = default) =>
        _inner.RangeAsync(prefix, limit, cancellationToken);

    public async Task<long> PutAsync(StoreKey key, ReadOnlyMemory<byte> value, long lease = 0, CancellationToken cancellationToken = default) =>
        (await WriteAsync(TxnOp.Put(key, value, lease), cancellationToken).ConfigureAwait(false)).Revision;

    public async Task<DeleteResult> DeleteAsync(StoreKey key, CancellationToken cancellationToken = default)
    {
        var result = await WriteAsync(TxnOp.Delete(key), cancellationToken).ConfigureAwait(false);
        return new DeleteResult(result.Results[0].Deleted, result.Revision);
    }

    public async Task<DeleteResult> DeleteRangeAsync(StoreKey prefix, CancellationToken cancellationToken = default)
    {
        var result = await WriteAsync(TxnOp.DeleteRange(prefix), cancellationToken).ConfigureAwait(false);
        return new DeleteResult(result.Results[0].Deleted, result.Revision);
    }

    /// <summary>
    /// Runs <paramref name="txn"/> with the term's compare added. The failure branch also reads the election key, so a
    /// failed compare of the caller's own (someone changed the spec first) is told apart from a lost term; the caller
    /// gets its own failure results, without that read.
    /// </summary>
    public async Task<TxnResult> TxnAsync(Txn txn, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(txn);
        var result = await _inner.TxnAsync(
            new Txn([.. txn.Compares, Fence], txn.Success, [.. txn.Failure, TxnOp.Get(_electionKey)]),
            cancellationToken).ConfigureAwait(false);
        if (result.Succeeded)
        {
            return result;
        }

        ThrowIfDeposed(result.Results[^1]);
        return result with { Results = [.. result.Results.Take(result.Results.Count - 1)] };
    }

    public IAsyncEnumerable<WatchEvent> WatchAsync(StoreKey prefix, long fromRevision, CancellationToken cancellationToken = default) =>
        _inner.WatchAsync(prefix, fromRevision, cancellationToken);

    public Task CompactAsync(long revision, CancellationToken cancellationToken = default) => _inner.CompactAsync(revision, cancellationToken);

    public Task<long> GrantLeaseAsync(TimeSpan ttl, CancellationToken cancellationToken = default) => _inner.GrantLeaseAsync(ttl, cancellationToken);

    public Task<TimeSpan> KeepAliveAsync(long lease, CancellationToken cancellationToken = default) => _inner.KeepAliveAsync(lease, cancellationToken);

    public Task<long> RevokeLeaseAsync(long lease, CancellationToken cancellationToken = default) => _inner.RevokeLeaseAsync(lease, cancellationToken);

    /// <summary>Does nothing: the shared store belongs to whoever made this view.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private TxnCompare Fence => TxnCompare.CreateRevision(_electionKey, CompareResult.Equal, _termRevision);

    private async Task<TxnResult> WriteAsync(TxnOp op, CancellationToken cancellationToken, [CallerMemberName] string? what = null)
    {
        var result = await _inner.TxnAsync(new Txn([Fence], [op], [TxnOp.Get(_electionKey)]), cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            ThrowIfDeposed(result.Results[^1]);
            throw new InvalidOperationException($"{what}: the fenced write failed although the term's election key is unchanged");
        }

        return result;
    }

    private void ThrowIfDeposed(TxnOpResult electionRead)
    {
        var holder = electionRead.Entries.FirstOrDefault();
        if (holder?.CreateRevision != _termRevision)
        {
            throw new LeadershipLostException(_electionKey.ToString(), _termRevision, holder?.CreateRevision ?? 0);
        }
    }
}

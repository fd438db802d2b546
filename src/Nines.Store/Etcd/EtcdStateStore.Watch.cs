using System.Runtime.CompilerServices;

namespace Nines.Store.Etcd;

/// <summary>Watches and compaction.</summary>
public sealed partial class EtcdStateStore
{
    private const string FutureRevision = "required revision is a future revision";
    private const string AlreadyCompacted = "required revision has been compacted";

    /// <remarks>
    /// A stream that breaks is reopened on the next member that answers, from the revision after the last
    /// event delivered; after <see cref="EtcdStoreOptions.WatchReconnectTimeout"/> without any member the
    /// watch throws <see cref="EtcdUnavailableException"/>.
    /// </remarks>
    public async IAsyncEnumerable<WatchEvent> WatchAsync(
        StoreKey prefix,
        long fromRevision,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token);
        await using var session = new EtcdWatchSession(_gateway, _keys, prefix, fromRevision, _time, _watchReconnectTimeout);
        while (true)
        {
            var batch = await session.NextBatchAsync(stop.Token).ConfigureAwait(false);
            foreach (var change in batch)
            {
                yield return change;
            }
        }
    }

    public async Task CompactAsync(long revision, CancellationToken cancellationToken = default)
    {
        // etcd keeps revision C watchable after compacting to C, while the contract drops C itself: compact
        // to C + 1, which etcd refuses only when C is the head (then C is the best it can do).
        try
        {
            await CompactToAsync(revision + 1, cancellationToken).ConfigureAwait(false);
        }
        catch (EtcdRequestException e) when (e.ServerMessage.Contains(FutureRevision, StringComparison.Ordinal))
        {
            var head = RevisionOf((await ReadRangeAsync(new EtcdRangeRequest { Key = [0], Limit = 1 }, cancellationToken).ConfigureAwait(false)).Header);
            if (revision > head)
            {
                throw new ArgumentOutOfRangeException(nameof(revision), revision, $"cannot compact past the store's revision {head}");
            }

            await CompactToAsync(revision, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task CompactToAsync(long revision, CancellationToken cancellationToken)
    {
        try
        {
            var request = new EtcdCompactionRequest { Revision = revision, Physical = true };
            await CallAsync("/v3/kv/compaction", request, EtcdJsonContext.Default.EtcdCompactionRequest, EtcdJsonContext.Default.EtcdPutResponse, idempotent: true, cancellationToken).ConfigureAwait(false);
        }
        catch (EtcdRequestException e) when (e.ServerMessage.Contains(AlreadyCompacted, StringComparison.Ordinal))
        {
            // Already compacted at least that far: nothing to do, as the contract asks.
        }
    }
}

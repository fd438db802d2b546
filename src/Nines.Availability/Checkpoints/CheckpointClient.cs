using System.Runtime.CompilerServices;
using System.Text.Json;
using Nines.Store;

namespace Nines.Availability.Checkpoints;

/// <summary>
/// The checkpoint service as a stateful service sees it, over any <see cref="IStateStore"/>: the active opens a
/// <see cref="CheckpointWriter"/> with its epoch and writes sections; a standby reads the latest checkpoint or
/// follows every new one; a new active resumes from the latest. Writes are compare-on-epoch transactions, so a
/// stale active (an older epoch) can never overwrite what a newer one wrote.
/// </summary>
public sealed class CheckpointClient
{
    private readonly IStateStore _store;

    /// <summary>A client for checkpoint <paramref name="name"/> (one path segment, e.g. the service instance).</summary>
    public CheckpointClient(IStateStore store, string name)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        Name = CheckpointKeys.Checked(name, nameof(name));
    }

    /// <summary>The checkpoint's name.</summary>
    public string Name { get; }

    /// <summary>
    /// Takes the checkpoint over for <paramref name="epoch"/> (the HA-state revision that made the caller active):
    /// from now on writers of older epochs fail. Throws <see cref="StaleCheckpointWriterException"/> when a newer
    /// epoch already owns it.
    /// </summary>
    public async Task<CheckpointWriter> OpenWriterAsync(long epoch, string writer, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epoch);
        ArgumentException.ThrowIfNullOrEmpty(writer);
        var key = CheckpointKeys.Epoch(Name);
        while (true)
        {
            var current = await _store.GetAsync(key, cancellationToken).ConfigureAwait(false);
            var owner = current is null ? 0 : CheckpointKeys.DecodeEpoch(current.Value.Span);
            if (owner > epoch)
            {
                throw new StaleCheckpointWriterException(Name, epoch, owner);
            }

            if (owner == epoch)
            {
                return new CheckpointWriter(_store, Name, epoch, writer);
            }

            // Claim only if nobody claimed since the read: of two racing claimants the newer epoch wins in the end.
            var claim = await _store.TxnAsync(
                new Txn(
                    [TxnCompare.ModRevision(key, CompareResult.Equal, current?.ModRevision ?? 0)],
                    [TxnOp.Put(key, CheckpointKeys.EncodeEpoch(epoch))]),
                cancellationToken).ConfigureAwait(false);
            if (claim.Succeeded)
            {
                return new CheckpointWriter(_store, Name, epoch, writer);
            }
        }
    }

    /// <summary>
    /// Runs the claim and the write transaction once with compares that cannot hold, so nothing is written, and
    /// reads the checkpoint: the first claim after a failover then pays no first-use costs (code generation,
    /// prepared statements, serializer metadata) at the moment that counts. A standby calls it once when it starts.
    /// </summary>
    public async Task PrepareAsync(CancellationToken cancellationToken = default)
    {
        var key = CheckpointKeys.Epoch(Name);
        var head = JsonSerializer.SerializeToUtf8Bytes(new CheckpointHead(0, string.Empty, []), CheckpointJson.Default.CheckpointHead);

        // No key has a negative mod revision, and no epoch is encoded as the empty value: both compares fail.
        await _store.TxnAsync(
            new Txn([TxnCompare.ModRevision(key, CompareResult.Equal, -1)], [TxnOp.Put(key, CheckpointKeys.EncodeEpoch(0))], [TxnOp.Get(key)]),
            cancellationToken).ConfigureAwait(false);
        await _store.TxnAsync(
            new Txn([TxnCompare.ValueIs(key, CompareResult.Equal, ReadOnlyMemory<byte>.Empty)], [TxnOp.Put(CheckpointKeys.Head(Name), head)], [TxnOp.Get(key)]),
            cancellationToken).ConfigureAwait(false);
        _ = await ReadAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The latest checkpoint, or null when nothing was written yet.</summary>
    public async Task<Checkpoint?> ReadAsync(CancellationToken cancellationToken = default)
    {
        var range = await _store.RangeAsync(CheckpointKeys.Prefix(Name), cancellationToken: cancellationToken).ConfigureAwait(false);
        return Assemble(range.Entries);
    }

    /// <summary>
    /// Every checkpoint written after <paramref name="fromRevision"/> (0: the current one first, if any), newest state
    /// each time: a standby that falls behind skips straight to the latest. Survives store compaction by re-reading.
    /// Ends with <see cref="OperationCanceledException"/> when cancelled.
    /// </summary>
    public async IAsyncEnumerable<Checkpoint> WatchAsync(long fromRevision = 0, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var seen = fromRevision;
        while (true)
        {
            var range = await _store.RangeAsync(CheckpointKeys.Prefix(Name), cancellationToken: cancellationToken).ConfigureAwait(false);
            var latest = Assemble(range.Entries);
            if (latest is not null && latest.Revision > seen)
            {
                seen = latest.Revision;
                yield return latest;
            }

            var compacted = false;
            var stream = _store.WatchAsync(CheckpointKeys.Head(Name), range.Revision, cancellationToken).GetAsyncEnumerator(cancellationToken);
            await using (stream.ConfigureAwait(false))
            {
                while (true)
                {
                    Checkpoint? next = null;
                    try
                    {
                        if (!await stream.MoveNextAsync().ConfigureAwait(false))
                        {
                            break;
                        }

                        if (stream.Current.Kind == WatchEventKind.Put && stream.Current.Revision > seen)
                        {
                            next = await ReadAsync(cancellationToken).ConfigureAwait(false);
                        }
                    }
                    catch (StoreCompactedException)
                    {
                        compacted = true;
                        break;
                    }

                    if (next is not null && next.Revision > seen)
                    {
                        seen = next.Revision;
                        yield return next;
                    }
                }
            }

            if (!compacted)
            {
                yield break;
            }
        }
    }

    private Checkpoint? Assemble(IReadOnlyList<KeyValueEntry> entries)
    {
        var head = entries.FirstOrDefault(e => e.Key == CheckpointKeys.Head(Name));
        if (head is null)
        {
            return null;
        }

        var record = JsonSerializer.Deserialize(head.Value.Span, CheckpointJson.Default.CheckpointHead)
            ?? throw new InvalidDataException($"checkpoint {Name}: the head record is empty");
        var prefix = CheckpointKeys.Sections(Name).ToString();
        var sections = entries
            .Where(e => e.Key.StartsWith(CheckpointKeys.Sections(Name)))
            .ToDictionary(e => e.Key.ToString()[prefix.Length..], e => e.Value, StringComparer.Ordinal);
        return new Checkpoint(Name, head.ModRevision, record.Epoch, record.Writer, sections);
    }
}

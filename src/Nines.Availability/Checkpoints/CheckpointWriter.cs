using System.Text.Json;
using Nines.Store;

namespace Nines.Availability.Checkpoints;

/// <summary>
/// Writes checkpoints for one epoch (get one from <see cref="CheckpointClient.OpenWriterAsync"/>). Each write is one
/// store transaction that holds only while the checkpoint still belongs to this epoch.
/// </summary>
public sealed class CheckpointWriter
{
    private readonly IStateStore _store;

    internal CheckpointWriter(IStateStore store, string name, long epoch, string writer)
    {
        _store = store;
        Name = name;
        Epoch = epoch;
        Writer = writer;
    }

    /// <summary>The checkpoint written.</summary>
    public string Name { get; }

    /// <summary>The epoch this writer presents.</summary>
    public long Epoch { get; }

    /// <summary>Who writes (the unit's name), recorded in each checkpoint.</summary>
    public string Writer { get; }

    /// <summary>
    /// Writes <paramref name="sections"/> (others keep their last value; an empty value is kept as empty) and returns
    /// the checkpoint's new revision. Throws <see cref="StaleCheckpointWriterException"/>, writing nothing, when a
    /// newer epoch owns the checkpoint.
    /// </summary>
    public async Task<long> WriteAsync(IReadOnlyDictionary<string, ReadOnlyMemory<byte>> sections, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sections);
        var names = sections.Keys.Select(s => CheckpointKeys.Checked(s, "section")).Order(StringComparer.Ordinal).ToList();
        var head = new CheckpointHead(Epoch, Writer, names);
        var epochKey = CheckpointKeys.Epoch(Name);
        var ops = new List<TxnOp> { TxnOp.Put(CheckpointKeys.Head(Name), JsonSerializer.SerializeToUtf8Bytes(head, CheckpointJson.Default.CheckpointHead)) };
        ops.AddRange(sections.Select(s => TxnOp.Put(CheckpointKeys.Section(Name, s.Key), s.Value)));
        var result = await _store.TxnAsync(
            new Txn([TxnCompare.ValueIs(epochKey, CompareResult.Equal, CheckpointKeys.EncodeEpoch(Epoch))], ops, [TxnOp.Get(epochKey)]),
            cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            var owner = result.Results[0].Entries.FirstOrDefault();
            throw new StaleCheckpointWriterException(Name, Epoch, owner is null ? 0 : CheckpointKeys.DecodeEpoch(owner.Value.Span));
        }

        return result.Revision;
    }
}

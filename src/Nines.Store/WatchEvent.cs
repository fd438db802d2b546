namespace Nines.Store;

/// <summary>One change seen by a watch (etcd <c>mvccpb.Event</c> with <c>prev_kv</c>).</summary>
/// <param name="Kind">Put or delete.</param>
/// <param name="Entry">The key after the change; for a delete only the key and mod revision are set.</param>
/// <param name="Previous">The key before the change, when it existed and the store still has it.</param>
public sealed record WatchEvent(WatchEventKind Kind, KeyValueEntry Entry, KeyValueEntry? Previous)
{
    /// <summary>The revision of the change.</summary>
    public long Revision => Entry.ModRevision;
}

namespace Nines.Store;

/// <summary>
/// One key's current state, as etcd's <c>mvccpb.KeyValue</c>: <paramref name="CreateRevision"/> is the
/// revision that created the key (0 = absent), <paramref name="ModRevision"/> the last one that changed it,
/// <paramref name="Version"/> the number of puts since creation, <paramref name="Lease"/> the lease it is
/// attached to (0 = none). In a Delete <see cref="WatchEvent"/> only the key and ModRevision are set.
/// </summary>
public sealed record KeyValueEntry(
    StoreKey Key,
    ReadOnlyMemory<byte> Value,
    long CreateRevision,
    long ModRevision,
    long Version,
    long Lease);

/// <summary>The entries of a range read and the store revision they were read at.</summary>
/// <param name="Entries">The matching entries in key order, at most the limit.</param>
/// <param name="Revision">The store revision the read saw; watch from it to follow later changes.</param>
/// <param name="More">True when the limit cut off further matching entries.</param>
public sealed record RangeResult(IReadOnlyList<KeyValueEntry> Entries, long Revision, bool More);

/// <summary>The outcome of a delete.</summary>
/// <param name="Deleted">How many keys were deleted.</param>
/// <param name="Revision">The store revision after the delete (unchanged when nothing was deleted).</param>
public sealed record DeleteResult(long Deleted, long Revision);

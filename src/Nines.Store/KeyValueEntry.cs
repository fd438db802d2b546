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

namespace Nines.Store;

/// <summary>
/// A watch asked for changes the store no longer has. Re-read the state (a range gives a revision) and watch
/// from there.
/// </summary>
public sealed class StoreCompactedException : Exception
{
    public StoreCompactedException()
        : this(0)
    {
    }

    public StoreCompactedException(string message)
        : base(message)
    {
    }

    public StoreCompactedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the error for a store compacted up to <paramref name="compactRevision"/>.</summary>
    public StoreCompactedException(long compactRevision)
        : base($"the store's history is compacted up to revision {compactRevision}: watch from revision {compactRevision} or later")
    {
        CompactRevision = compactRevision;
    }

    /// <summary>The lowest revision a watch may start from; changes at or before it are gone.</summary>
    public long CompactRevision { get; }
}

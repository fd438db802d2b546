namespace Nines.Store;

/// <summary>
/// The store could not write because its disk is full (SQLite <c>SQLITE_FULL</c>, etcd's <c>NOSPACE</c> alarm, "mvcc:
/// database space exceeded") or failed a write (SQLite <c>SQLITE_IOERR</c>). Nothing of the failed write was stored:
/// a transaction commits whole or not at all. Transient: the same write succeeds once space returns.
/// </summary>
public sealed class StoreFullException : IOException
{
    public StoreFullException()
    {
    }

    public StoreFullException(string message)
        : base(message)
    {
    }

    public StoreFullException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Where the store keeps its data (a file, or an etcd endpoint), for the message.</summary>
    public string? Location { get; init; }
}

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

/// <summary>The lease does not exist: never granted, revoked, or expired.</summary>
public sealed class LeaseNotFoundException : Exception
{
    public LeaseNotFoundException()
    {
    }

    public LeaseNotFoundException(string message)
        : base(message)
    {
    }

    public LeaseNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the error for lease <paramref name="lease"/>.</summary>
    public LeaseNotFoundException(long lease)
        : base($"lease {lease} does not exist (never granted, revoked, or expired)")
    {
        Lease = lease;
    }

    /// <summary>The lease asked for.</summary>
    public long Lease { get; }
}

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

/// <summary>
/// The store's file is damaged (SQLite's integrity check failed, or the file is not a database). The store refuses to
/// open it; <c>nines store check</c> reports the damage and <c>nines store restore FILE</c> puts a backup back.
/// </summary>
public sealed class StoreCorruptException : IOException
{
    public StoreCorruptException()
    {
    }

    public StoreCorruptException(string message)
        : base(message)
    {
    }

    public StoreCorruptException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The damaged file.</summary>
    public string? Path { get; init; }

    /// <summary>What the integrity check found, one problem a line (at most the first 20).</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];
}

/// <summary>
/// The store's file was written by a newer Nines (its schema version is above the one this code knows): opening it
/// could misread or damage it, so the store refuses.
/// </summary>
public sealed class StoreSchemaException : IOException
{
    public StoreSchemaException()
    {
    }

    public StoreSchemaException(string message)
        : base(message)
    {
    }

    public StoreSchemaException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The file's schema version.</summary>
    public long FileVersion { get; init; }

    /// <summary>The newest schema version this code reads.</summary>
    public long CodeVersion { get; init; }
}

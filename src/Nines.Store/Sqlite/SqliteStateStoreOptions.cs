namespace Nines.Store.Sqlite;

/// <summary>How <see cref="SqliteStateStore"/> opens and maintains its file.</summary>
public sealed class SqliteStateStoreOptions
{
    /// <summary>The database file; created with its schema when missing. Every store on it shares state.</summary>
    public required string Path { get; init; }

    /// <summary>
    /// When a commit reaches the disk. <see cref="SqliteSynchronous.Full"/> (the default) survives power loss
    /// as well as <c>kill -9</c>; <see cref="SqliteSynchronous.Normal"/> survives <c>kill -9</c> but may lose the
    /// last commits (never consistency) on power loss or a kernel crash.
    /// </summary>
    public SqliteSynchronous Synchronous { get; init; } = SqliteSynchronous.Full;

    /// <summary>How long a write waits for another process's write to finish before failing.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often an idle watch re-reads the history table, which is how it sees writes made through another
    /// store instance or process (writes through this instance wake it at once). Real time, not the store's
    /// <see cref="TimeProvider"/>: it is a transport delay, not part of the model.
    /// </summary>
    public TimeSpan WatchPollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How often expired leases are ended and history compacted, on the store's <see cref="TimeProvider"/>.</summary>
    public TimeSpan MaintenanceInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Keep at least this many revisions of history for watches (null = no revision-count rule).</summary>
    public long? HistoryKeepRevisions { get; init; } = 10_000;

    /// <summary>Keep at least this much time of history for watches (null = no age rule).</summary>
    /// <remarks>With both rules set, history is kept while either rule wants it.</remarks>
    public TimeSpan? HistoryKeepDuration { get; init; }

    /// <summary>
    /// How the file is checked when the store opens it, before anything writes to it; a damaged file is refused with
    /// <see cref="StoreCorruptException"/>. Default <see cref="SqliteIntegrityCheck.Full"/> (0.8 s on a 485 MiB file, quick_check 0.5 s; a store under the default retention is a few MiB).
    /// </summary>
    public SqliteIntegrityCheck IntegrityCheck { get; init; } = SqliteIntegrityCheck.Full;
}

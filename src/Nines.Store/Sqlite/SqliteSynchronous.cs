namespace Nines.Store.Sqlite;

/// <summary>SQLite's <c>PRAGMA synchronous</c> levels that are safe in WAL mode.</summary>
public enum SqliteSynchronous
{
    /// <summary>fsync at checkpoints only: durable against process death, not against power loss.</summary>
    Normal,

    /// <summary>fsync the WAL at every commit: durable against power loss.</summary>
    Full,
}

using Microsoft.Data.Sqlite;

namespace Nines.Store.Sqlite;

/// <summary>The store's tables, created idempotently so any number of processes may open a file at once.</summary>
internal static class SqliteSchema
{
    public const string RevisionName = "revision";
    public const string CompactRevisionName = "compact_revision";

    /// <summary>
    /// The schema this code reads and writes, kept in <c>PRAGMA user_version</c>. A file at 0 predates versioning and
    /// has schema 1's tables; a file above this was written by a newer Nines and is refused.
    /// </summary>
    public const long CurrentVersion = 1;

    private const int MaxProblems = 20;

    // Revision 1 is the empty store, as in etcd, so the first write is revision 2 in both.
    private const string CreateTables = """
        CREATE TABLE IF NOT EXISTS meta(name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
        INSERT OR IGNORE INTO meta(name, value) VALUES ('schema_version', 1), ('revision', 1), ('compact_revision', 0);
        CREATE TABLE IF NOT EXISTS kv(
            key BLOB PRIMARY KEY,
            value BLOB NOT NULL,
            create_rev INTEGER NOT NULL,
            mod_rev INTEGER NOT NULL,
            version INTEGER NOT NULL,
            lease INTEGER NOT NULL) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS kv_lease ON kv(lease) WHERE lease <> 0;
        CREATE TABLE IF NOT EXISTS history(
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            rev INTEGER NOT NULL,
            key BLOB NOT NULL,
            kind INTEGER NOT NULL,
            value BLOB,
            create_rev INTEGER NOT NULL,
            version INTEGER NOT NULL,
            lease INTEGER NOT NULL,
            prev_value BLOB,
            prev_create_rev INTEGER,
            prev_mod_rev INTEGER,
            prev_version INTEGER,
            prev_lease INTEGER,
            at INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS history_rev ON history(rev);
        CREATE TABLE IF NOT EXISTS leases(
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            ttl_ms INTEGER NOT NULL,
            expires_at INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS leases_expiry ON leases(expires_at);
        """;

    /// <summary>
    /// Checks an existing file before anything writes to it — its schema version, then its pages (<paramref name="check"/>)
    /// — and creates the tables when missing. Throws <see cref="StoreSchemaException"/> or <see cref="StoreCorruptException"/>.
    /// </summary>
    public static void Open(SqliteConnection connection, string path, SqliteIntegrityCheck check)
    {
        CheckVersion(connection, path);
        if (check != SqliteIntegrityCheck.None && CheckIntegrity(connection, check) is { Count: > 0 } problems)
        {
            throw SqliteErrors.Corrupted(path, problems);
        }

        Create(connection);
    }

    /// <summary>Throws <see cref="StoreSchemaException"/> when the file's schema is newer than this code's.</summary>
    public static long CheckVersion(SqliteConnection connection, string path)
    {
        var version = ReadVersion(connection);
        if (version > CurrentVersion)
        {
            throw new StoreSchemaException(
                $"the store {path} has schema version {version}, written by a newer Nines; this one reads up to version {CurrentVersion}: " +
                "run the newer nines, or `nines store restore FILE` a backup taken with this version")
            { FileVersion = version, CodeVersion = CurrentVersion };
        }

        return version;
    }

    /// <summary>The file's <c>PRAGMA user_version</c>.</summary>
    public static long ReadVersion(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version;";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>What SQLite's <c>quick_check</c> or <c>integrity_check</c> finds (empty when the file is sound; at most 20 problems).</summary>
    public static List<string> CheckIntegrity(SqliteConnection connection, SqliteIntegrityCheck check)
    {
        using var command = connection.CreateCommand();
        command.CommandText = check == SqliteIntegrityCheck.Full ? $"PRAGMA integrity_check({MaxProblems});" : $"PRAGMA quick_check({MaxProblems});";
        var problems = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var line = reader.GetString(0);
            if (line != "ok")
            {
                problems.Add(line);
            }
        }

        return problems;
    }

    private static void Create(SqliteConnection connection)
    {
        // WAL is a property of the file; it cannot change inside a transaction.
        using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode=WAL;";
            var mode = (string?)wal.ExecuteScalar();
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"SQLite refused WAL mode for the store (journal mode is \"{mode}\")");
            }
        }

        using var transaction = connection.BeginTransaction();
        using var create = connection.CreateCommand();
        create.Transaction = transaction;
        create.CommandText = CreateTables;
        create.ExecuteNonQuery();
        if (ReadVersion(connection) < CurrentVersion)
        {
            // Inside the creating transaction: a file is never versioned without its tables.
            create.CommandText = $"PRAGMA user_version = {CurrentVersion};";
            create.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    public static long ReadMeta(SqliteConnection connection, SqliteTransaction transaction, string name)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT value FROM meta WHERE name = $name;";
        command.Parameters.AddWithValue("$name", name);
        return (long)(command.ExecuteScalar() ?? throw new InvalidOperationException($"the store's meta table lacks \"{name}\""));
    }

    public static void WriteMeta(SqliteConnection connection, SqliteTransaction transaction, string name, long value)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "UPDATE meta SET value = $value WHERE name = $name;";
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$value", value);
        command.ExecuteNonQuery();
    }
}

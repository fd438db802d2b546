using Microsoft.Data.Sqlite;

namespace Nines.Store.Sqlite;

/// <summary>The store's tables, created idempotently so any number of processes may open a file at once.</summary>
internal static class SqliteSchema
{
    public const string RevisionName = "revision";
    public const string CompactRevisionName = "compact_revision";

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

    public static void Create(SqliteConnection connection)
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

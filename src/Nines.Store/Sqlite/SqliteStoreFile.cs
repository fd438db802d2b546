using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Nines.Store.Sqlite;

/// <summary>
/// Maintenance of a store file from outside the store: check it, back it up online (SQLite's backup API, safe while a
/// controller writes to it), and restore a backup (checked first; the old file kept aside).
/// </summary>
public static class SqliteStoreFile
{
    /// <summary>The newest schema version this code reads.</summary>
    public const long SchemaVersion = SqliteSchema.CurrentVersion;

    /// <summary>Runs SQLite's full <c>integrity_check</c> on <paramref name="path"/> and reads its version and size. Writes nothing.</summary>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    public static SqliteStoreReport Check(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"there is no store at {path}", path);
        }

        var size = new FileInfo(path).Length;
        try
        {
            using var connection = OpenExisting(path);
            var version = SqliteSchema.ReadVersion(connection);
            var problems = SqliteSchema.CheckIntegrity(connection, SqliteIntegrityCheck.Full);
            if (problems.Count > 0)
            {
                return new SqliteStoreReport(path, size, version, 0, 0, 0, problems);
            }

            if (!HasTables(connection))
            {
                return new SqliteStoreReport(path, size, version, 0, 0, 0, ["not a Nines store: it lacks the meta, kv and history tables"]);
            }

            return new SqliteStoreReport(
                path,
                size,
                version,
                Count(connection, "SELECT value FROM meta WHERE name = 'revision';"),
                Count(connection, "SELECT COUNT(*) FROM kv;"),
                Count(connection, "SELECT COUNT(*) FROM history;"),
                []);
        }
        catch (SqliteException e)
        {
            return new SqliteStoreReport(path, size, 0, 0, 0, 0, [e.Message]);
        }
    }

    /// <summary>
    /// Copies the store at <paramref name="storePath"/> to <paramref name="backupPath"/> with SQLite's online backup
    /// API: one consistent snapshot, while writers carry on. The copy is one self-contained file (rollback journal
    /// mode, no WAL beside it), checked before it takes its name; an existing <paramref name="backupPath"/> is refused.
    /// </summary>
    public static SqliteStoreReport Backup(string storePath, string backupPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(storePath);
        ArgumentException.ThrowIfNullOrWhiteSpace(backupPath);
        if (!File.Exists(storePath))
        {
            throw new FileNotFoundException($"there is no store at {storePath}", storePath);
        }

        if (File.Exists(backupPath))
        {
            throw new IOException($"{backupPath} already exists: choose another name or remove it");
        }

        var partial = backupPath + ".partial";
        File.Delete(partial);
        try
        {
            using (var source = OpenExisting(storePath))
            using (var target = new SqliteConnection(ConnectionString(partial, SqliteOpenMode.ReadWriteCreate)))
            {
                target.Open();
                source.BackupDatabase(target);
                using var journal = target.CreateCommand();
                journal.CommandText = "PRAGMA journal_mode=DELETE;";
                journal.ExecuteNonQuery();
            }

            var report = Check(partial);
            if (!report.Healthy)
            {
                throw SqliteErrors.Corrupted(storePath, report.Problems);
            }

            File.Move(partial, backupPath);
            return report with { Path = backupPath };
        }
        catch (SqliteException e)
        {
            throw SqliteErrors.Translate(e, storePath);
        }
        finally
        {
            File.Delete(partial);
        }
    }

    /// <summary>
    /// Puts the backup <paramref name="backupPath"/> in place of the store at <paramref name="storePath"/>, after
    /// checking it (integrity, a Nines store, a schema this code reads). The store's file and its WAL are renamed
    /// aside (<c>.before-restore-yyyyMMddTHHmmssZ</c>), never deleted. The caller makes sure no controller has the store open.
    /// </summary>
    /// <returns>The check of the restored file, and where the old file went (null when there was none).</returns>
    public static (SqliteStoreReport Restored, string? Aside) Restore(string backupPath, string storePath, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(backupPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(storePath);
        ArgumentNullException.ThrowIfNull(time);
        var report = Check(backupPath);
        if (report.Problems.Count > 0)
        {
            throw SqliteErrors.Corrupted(backupPath, report.Problems);
        }

        if (report.SchemaVersion > SqliteSchema.CurrentVersion)
        {
            throw new StoreSchemaException(
                $"the backup {backupPath} has schema version {report.SchemaVersion}, written by a newer Nines; this one reads up to version {SqliteSchema.CurrentVersion}")
            { FileVersion = report.SchemaVersion, CodeVersion = SqliteSchema.CurrentVersion };
        }

        var incoming = storePath + ".restoring";
        File.Copy(backupPath, incoming, overwrite: true);
        string? aside = null;
        if (File.Exists(storePath))
        {
            aside = $"{storePath}.before-restore-{time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}";
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                if (File.Exists(storePath + suffix))
                {
                    File.Move(storePath + suffix, aside + suffix);
                }
            }
        }

        File.Move(incoming, storePath);
        return (report with { Path = storePath }, aside);
    }

    private static SqliteConnection OpenExisting(string path)
    {
        var connection = new SqliteConnection(ConnectionString(path, SqliteOpenMode.ReadWrite));
        connection.Open();
        return connection;
    }

    private static string ConnectionString(string path, SqliteOpenMode mode) =>
        new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString();

    private static bool HasTables(SqliteConnection connection) =>
        Count(connection, "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name IN ('meta', 'kv', 'history', 'leases');") == 4;

    private static long Count(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar() is long value ? value : 0;
    }
}

using Microsoft.Data.Sqlite;

namespace Nines.Store.Sqlite;

/// <summary>
/// The changes of one write transaction (BEGIN IMMEDIATE, so the revision read at the start cannot move
/// under us, even from another process). All changes share revision <c>start + 1</c>; the revision is only
/// bumped when something changed, as in etcd.
/// </summary>
internal sealed class SqliteWriteBatch : IDisposable
{
    private const long PutKind = 0;
    private const long DeleteKind = 1;

    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;
    private readonly long _startRevision;
    private readonly long _nowMs;

    public SqliteWriteBatch(SqliteConnection connection, long nowMs)
    {
        _connection = connection;
        _transaction = connection.BeginTransaction(deferred: false);
        _startRevision = SqliteSchema.ReadMeta(connection, _transaction, SqliteSchema.RevisionName);
        _nowMs = nowMs;
    }

    /// <summary>True once this batch changed a key.</summary>
    public bool Changed { get; private set; }

    /// <summary>The store revision as of the changes made so far.</summary>
    public long Revision => Changed ? _startRevision + 1 : _startRevision;

    public long NowMs => _nowMs;

    public SqliteConnection Connection => _connection;

    public SqliteTransaction Transaction => _transaction;

    public KeyValueEntry? Get(StoreKey key) => SqliteRows.Get(_connection, _transaction, key);

    public TxnOpResult Apply(TxnOp op)
    {
        switch (op)
        {
            case TxnPut put:
                Put(put.Key, put.Value, put.Lease);
                return new TxnOpResult([], 0);
            case TxnDelete delete:
                return new TxnOpResult([], Delete(delete.Key, delete.IsPrefix));
            case TxnGet { IsPrefix: true } range:
                return new TxnOpResult(SqliteRows.Range(_connection, _transaction, range.Key, range.Limit, out _), 0);
            case TxnGet get:
                return new TxnOpResult(Get(get.Key) is { } entry ? [entry] : [], 0);
            default:
                throw new ArgumentException($"unknown txn op {op.GetType().Name}", nameof(op));
        }
    }

    public void Put(StoreKey key, ReadOnlyMemory<byte> value, long lease)
    {
        if (lease != 0 && !LeaseAlive(lease))
        {
            throw new LeaseNotFoundException(lease);
        }

        var previous = Get(key);
        Changed = true;
        var entry = new KeyValueEntry(key, value, previous?.CreateRevision ?? Revision, Revision, (previous?.Version ?? 0) + 1, lease);
        using var command = Command("""
            INSERT INTO kv(key, value, create_rev, mod_rev, version, lease) VALUES ($key, $value, $create, $mod, $version, $lease)
            ON CONFLICT(key) DO UPDATE SET value = excluded.value, mod_rev = excluded.mod_rev, version = excluded.version, lease = excluded.lease;
            """);
        command.Parameters.AddWithValue("$key", key.BytesOrEmpty());
        command.Parameters.AddWithValue("$value", value.ToArray());
        command.Parameters.AddWithValue("$create", entry.CreateRevision);
        command.Parameters.AddWithValue("$mod", entry.ModRevision);
        command.Parameters.AddWithValue("$version", entry.Version);
        command.Parameters.AddWithValue("$lease", lease);
        command.ExecuteNonQuery();
        RecordHistory(PutKind, entry, previous);
    }

    /// <summary>Deletes one key or every key under a prefix; returns how many were deleted.</summary>
    public long Delete(StoreKey key, bool isPrefix)
    {
        var victims = isPrefix
            ? SqliteRows.Range(_connection, _transaction, key, null, out _)
            : Get(key) is { } entry ? [entry] : [];
        DeleteEntries(victims);
        return victims.Count;
    }

    /// <summary>Ends a lease: deletes its keys and its row. Returns false when the lease did not exist.</summary>
    public bool EndLease(long lease)
    {
        DeleteEntries(SqliteRows.ByLease(_connection, _transaction, lease));
        using var command = Command("DELETE FROM leases WHERE id = $id;");
        command.Parameters.AddWithValue("$id", lease);
        return command.ExecuteNonQuery() > 0;
    }

    /// <summary>A lease is alive until its expiry time, whether or not a maintenance tick has ended it yet.</summary>
    public bool LeaseAlive(long lease)
    {
        using var command = Command("SELECT EXISTS(SELECT 1 FROM leases WHERE id = $id AND expires_at > $now);");
        command.Parameters.AddWithValue("$id", lease);
        command.Parameters.AddWithValue("$now", _nowMs);
        return (long)command.ExecuteScalar()! != 0;
    }

    public SqliteCommand Command(string sql)
    {
        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        return command;
    }

    public void Commit()
    {
        if (Changed)
        {
            SqliteSchema.WriteMeta(_connection, _transaction, SqliteSchema.RevisionName, Revision);
        }

        _transaction.Commit();
    }

    public void Dispose()
    {
        try
        {
            _transaction.Dispose();
        }
        catch (SqliteException)
        {
            // The rollback of a failed batch failed: SQLite already rolled it back itself (it does after SQLITE_FULL and
            // I/O errors). The error that failed the batch is the one to report; the store discards this connection.
        }
    }

    private void DeleteEntries(List<KeyValueEntry> victims)
    {
        foreach (var victim in victims)
        {
            Changed = true;
            using var command = Command("DELETE FROM kv WHERE key = $key;");
            command.Parameters.AddWithValue("$key", victim.Key.BytesOrEmpty());
            command.ExecuteNonQuery();
            RecordHistory(DeleteKind, new KeyValueEntry(victim.Key, ReadOnlyMemory<byte>.Empty, 0, Revision, 0, 0), victim);
        }
    }

    private void RecordHistory(long kind, KeyValueEntry entry, KeyValueEntry? previous)
    {
        using var command = Command("""
            INSERT INTO history(rev, key, kind, value, create_rev, version, lease, prev_value, prev_create_rev, prev_mod_rev, prev_version, prev_lease, at)
            VALUES ($rev, $key, $kind, $value, $create, $version, $lease, $prevValue, $prevCreate, $prevMod, $prevVersion, $prevLease, $at);
            """);
        command.Parameters.AddWithValue("$rev", entry.ModRevision);
        command.Parameters.AddWithValue("$key", entry.Key.BytesOrEmpty());
        command.Parameters.AddWithValue("$kind", kind);
        command.Parameters.AddWithValue("$value", entry.Value.ToArray());
        command.Parameters.AddWithValue("$create", entry.CreateRevision);
        command.Parameters.AddWithValue("$version", entry.Version);
        command.Parameters.AddWithValue("$lease", entry.Lease);
        command.Parameters.AddWithValue("$prevValue", previous is null ? DBNull.Value : previous.Value.ToArray());
        command.Parameters.AddWithValue("$prevCreate", (object?)previous?.CreateRevision ?? DBNull.Value);
        command.Parameters.AddWithValue("$prevMod", (object?)previous?.ModRevision ?? DBNull.Value);
        command.Parameters.AddWithValue("$prevVersion", (object?)previous?.Version ?? DBNull.Value);
        command.Parameters.AddWithValue("$prevLease", (object?)previous?.Lease ?? DBNull.Value);
        command.Parameters.AddWithValue("$at", _nowMs);
        command.ExecuteNonQuery();
    }
}

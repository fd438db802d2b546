using Microsoft.Data.Sqlite;

namespace Nines.Store.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode. Every write is one BEGIN IMMEDIATE transaction, so
/// store instances in this and other processes on the same file serialize their writes and see each other's
/// changes; watches read the history table (woken at once by this instance's writes, by polling otherwise).
/// </summary>
public sealed partial class SqliteStateStore : IStateStore
{
    private readonly SqliteStateStoreOptions _options;
    private readonly TimeProvider _time;
    private readonly string _connectionString;

    // Serializes this instance's writers so they queue here instead of spinning on SQLITE_BUSY;
    // other processes are serialized by SQLite's write lock.
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly ChangeSignal _changes = new();
    private readonly CancellationTokenSource _lifetime = new();
    private readonly ITimer _maintenance;
    private readonly Lock _tickGate = new();
    private bool _disposed;

    /// <summary>Opens (creating if needed) the store file in <paramref name="options"/>.</summary>
    /// <param name="options">The file and its tuning.</param>
    /// <param name="timeProvider">The clock for lease expiry and history age (default: the system clock).</param>
    public SqliteStateStore(SqliteStateStoreOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Path);
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = options.Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(options.BusyTimeout.TotalSeconds)),
        }.ToString();

        try
        {
            using var connection = Open();
            SqliteSchema.Open(connection, options.Path, options.IntegrityCheck);
        }
        catch (SqliteException e)
        {
            ClearPool();
            throw SqliteErrors.Translate(e, options.Path);
        }

        _maintenance = _time.CreateTimer(_ => OnMaintenanceTick(), null, options.MaintenanceInterval, options.MaintenanceInterval);
    }

    /// <summary>The file this store keeps its state in.</summary>
    public string Path => _options.Path;

    public Task<KeyValueEntry?> GetAsync(StoreKey key, CancellationToken cancellationToken = default) =>
        Task.FromResult(Read(cancellationToken, (connection, transaction) => SqliteRows.Get(connection, transaction, key)));

    public Task<RangeResult> RangeAsync(StoreKey prefix, int? limit = null, CancellationToken cancellationToken = default)
    {
        TxnRules.CheckLimit(limit);
        return Task.FromResult(Read(cancellationToken, (connection, transaction) =>
        {
            var entries = SqliteRows.Range(connection, transaction, prefix, limit, out var more);
            var revision = SqliteSchema.ReadMeta(connection, transaction, SqliteSchema.RevisionName);
            return new RangeResult(entries, revision, more);
        }));
    }

    public Task<long> PutAsync(StoreKey key, ReadOnlyMemory<byte> value, long lease = 0, CancellationToken cancellationToken = default)
    {
        TxnRules.CheckWritableKey(key, nameof(key));
        return WriteAsync(batch =>
        {
            batch.Put(key, value, lease);
            return batch.Revision;
        }, cancellationToken);
    }

    public Task<DeleteResult> DeleteAsync(StoreKey key, CancellationToken cancellationToken = default) =>
        WriteAsync(batch => new DeleteResult(batch.Delete(key, isPrefix: false), batch.Revision), cancellationToken);

    public Task<DeleteResult> DeleteRangeAsync(StoreKey prefix, CancellationToken cancellationToken = default) =>
        WriteAsync(batch => new DeleteResult(batch.Delete(prefix, isPrefix: true), batch.Revision), cancellationToken);

    public Task<TxnResult> TxnAsync(Txn txn, CancellationToken cancellationToken = default)
    {
        TxnRules.Validate(txn);
        return WriteAsync(batch =>
        {
            var succeeded = TxnRules.AllHold(txn.Compares, batch.Get);
            var results = new List<TxnOpResult>();
            foreach (var op in succeeded ? txn.Success : txn.Failure)
            {
                results.Add(batch.Apply(op));
            }

            return new TxnResult(succeeded, batch.Revision, results);
        }, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        await _maintenance.DisposeAsync().ConfigureAwait(false);
        lock (_tickGate)
        {
            _disposed = true;
        }

        await _lifetime.CancelAsync().ConfigureAwait(false);
        _lifetime.Dispose();

        // Close the pooled connections so the file can be deleted or reopened cleanly; in-flight ones close on return.
        ClearPool();

        // _writeGate is not disposed: a write racing with disposal may still release it, and a SemaphoreSlim
        // holds no unmanaged resource unless its wait handle is used.
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            using var pragmas = connection.CreateCommand();

            // Per-connection settings: pooled connections keep them, so re-applying on reuse is cheap and safe.
            pragmas.CommandText = $"PRAGMA busy_timeout = {(long)_options.BusyTimeout.TotalMilliseconds}; PRAGMA synchronous = {(_options.Synchronous == SqliteSynchronous.Full ? "FULL" : "NORMAL")};";
            pragmas.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private void ClearPool()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    /// <summary>Runs a read in one deferred transaction, so it sees a single snapshot of the file.</summary>
    private T Read<T>(CancellationToken cancellationToken, Func<SqliteConnection, SqliteTransaction, T> read)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            using var connection = Open();
            using var transaction = connection.BeginTransaction(deferred: true);
            return read(connection, transaction);
        }
        catch (SqliteException e)
        {
            ClearPool();
            throw SqliteErrors.Translate(e, _options.Path);
        }
    }

    private async Task<T> WriteAsync<T>(Func<SqliteWriteBatch, T> write, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return Write_NeedsGate(write);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private T Write_NeedsGate<T>(Func<SqliteWriteBatch, T> write)
    {
        T result;
        bool changed;
        try
        {
            using var connection = Open();
            using var batch = new SqliteWriteBatch(connection, _time.GetUtcNow().ToUnixTimeMilliseconds());
            result = write(batch);
            changed = batch.Changed;
            batch.Commit();
        }
        catch (SqliteException e)
        {
            // SQLite rolls a transaction back itself after SQLITE_FULL or an I/O error, so nothing of it is stored. The
            // connection is not given back to the pool: the next write opens a fresh one, which works once space returns.
            ClearPool();
            throw SqliteErrors.Translate(e, _options.Path);
        }

        if (changed)
        {
            _changes.Pulse();
        }

        return result;
    }
}

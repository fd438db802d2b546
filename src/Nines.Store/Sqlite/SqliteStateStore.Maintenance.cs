using Microsoft.Data.Sqlite;

namespace Nines.Store.Sqlite;

/// <summary>The maintenance tick: ends expired leases and compacts history, on the store's <see cref="TimeProvider"/>.</summary>
public sealed partial class SqliteStateStore
{
    /// <summary>
    /// Runs synchronously on the timer's thread, so with a fake clock the work is done when <c>Advance</c>
    /// returns. A tick that finds the previous one still running skips.
    /// </summary>
    private void OnMaintenanceTick()
    {
        if (!_tickGate.TryEnter())
        {
            return;
        }

        try
        {
            if (_disposed)
            {
                return;
            }

            _writeGate.Wait();
            try
            {
                RunMaintenance_NeedsGate();
            }
            finally
            {
                _writeGate.Release();
            }
        }
        catch (Exception e) when (e is SqliteException or StoreFullException or StoreCorruptException)
        {
            // Busy past the timeout (another process holds the write lock), or a full disk: the next tick tries again.
        }
        finally
        {
            _tickGate.Exit();
        }
    }

    private void RunMaintenance_NeedsGate()
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var (expired, compactTo) = Read(CancellationToken.None, (connection, transaction) =>
            (ExpiredLeases(connection, transaction, now), CompactionTarget(connection, transaction, now)));
        if (expired.Count == 0 && compactTo is null)
        {
            return;
        }

        Write_NeedsGate(batch =>
        {
            // All leases that ran out by this tick end in one revision; another instance may have ended some already.
            foreach (var lease in expired)
            {
                batch.EndLease(lease);
            }

            if (compactTo is { } revision)
            {
                CompactTo_NeedsGate(batch, revision);
            }

            return 0;
        });
    }

    private static List<long> ExpiredLeases(SqliteConnection connection, SqliteTransaction transaction, long now)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT id FROM leases WHERE expires_at <= $now ORDER BY id;";
        command.Parameters.AddWithValue("$now", now);
        var ids = new List<long>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    /// <summary>The revision to compact to under the retention rules, or null when nothing needs discarding.</summary>
    private long? CompactionTarget(SqliteConnection connection, SqliteTransaction transaction, long now)
    {
        var head = SqliteSchema.ReadMeta(connection, transaction, SqliteSchema.RevisionName);
        var compacted = SqliteSchema.ReadMeta(connection, transaction, SqliteSchema.CompactRevisionName);
        var targets = new List<long>();
        if (_options.HistoryKeepRevisions is { } keep)
        {
            targets.Add(head - keep);
        }

        if (_options.HistoryKeepDuration is { } age)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "SELECT COALESCE(MAX(rev), 0) FROM history WHERE at < $cutoff;";
            command.Parameters.AddWithValue("$cutoff", now - (long)age.TotalMilliseconds);
            targets.Add((long)command.ExecuteScalar()!);
        }

        // History is kept while any rule wants it: compact only to the lowest target.
        return targets.Count > 0 && targets.Min() > compacted ? targets.Min() : null;
    }
}

using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace Nines.Store.Sqlite;

/// <summary>Watches: pages of the history table, read in one snapshot each, then a wait for the next change.</summary>
public sealed partial class SqliteStateStore
{
    private const int WatchPageSize = 256;

    public async IAsyncEnumerable<WatchEvent> WatchAsync(
        StoreKey prefix,
        long fromRevision,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token);
        var cursor = new WatchCursor(fromRevision, 0);
        while (true)
        {
            stop.Token.ThrowIfCancellationRequested();

            // Taken before the read: a commit after the read completes this task, so no change is slept through.
            var changed = _changes.Next;
            var page = ReadHistoryPage(prefix, cursor);
            cursor = page.Next;
            foreach (var change in page.Events)
            {
                yield return change;
            }

            if (page.Events.Count == WatchPageSize)
            {
                continue;
            }

            try
            {
                await changed.WaitAsync(_options.WatchPollInterval, TimeProvider.System, stop.Token).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Poll: another process may have written.
            }
        }
    }

    public Task CompactAsync(long revision, CancellationToken cancellationToken = default) =>
        WriteAsync(batch =>
        {
            var head = batch.Revision;
            if (revision > head)
            {
                throw new ArgumentOutOfRangeException(nameof(revision), revision, $"cannot compact past the store's revision {head}");
            }

            CompactTo_NeedsGate(batch, revision);
            return 0;
        }, cancellationToken);

    private static void CompactTo_NeedsGate(SqliteWriteBatch batch, long revision)
    {
        if (revision <= SqliteSchema.ReadMeta(batch.Connection, batch.Transaction, SqliteSchema.CompactRevisionName))
        {
            return;
        }

        using var command = batch.Command("DELETE FROM history WHERE rev <= $rev;");
        command.Parameters.AddWithValue("$rev", revision);
        command.ExecuteNonQuery();
        SqliteSchema.WriteMeta(batch.Connection, batch.Transaction, SqliteSchema.CompactRevisionName, revision);
    }

    private WatchPage ReadHistoryPage(StoreKey prefix, WatchCursor cursor) =>
        Read(CancellationToken.None, (connection, transaction) =>
        {
            var compacted = SqliteSchema.ReadMeta(connection, transaction, SqliteSchema.CompactRevisionName);
            if (cursor.Revision < compacted)
            {
                throw new StoreCompactedException(compacted);
            }

            var head = SqliteSchema.ReadMeta(connection, transaction, SqliteSchema.RevisionName);
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                SELECT id, kind, key, value, create_rev, rev, version, lease, prev_value, prev_create_rev, prev_mod_rev, prev_version, prev_lease
                FROM history
                WHERE id > $after AND rev > $from AND key >= $start AND ($end IS NULL OR key < $end)
                ORDER BY id LIMIT $limit;
                """;
            command.Parameters.AddWithValue("$after", cursor.AfterId);
            command.Parameters.AddWithValue("$from", cursor.Revision);
            command.Parameters.AddWithValue("$limit", WatchPageSize);
            SqliteRows.AddPrefix(command, prefix);

            var events = new List<WatchEvent>();
            var lastId = cursor.AfterId;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                lastId = reader.GetInt64(0);
                events.Add(ReadEvent(reader));
            }

            // A short page holds every matching change up to the snapshot's head, so the watch is caught up
            // to it (and a later compaction below it does not concern this watch). A full page may stop in the
            // middle of a revision: the watch is only caught up to the revision before.
            var caughtUpTo = events.Count == WatchPageSize ? events[^1].Revision - 1 : head;
            return new WatchPage(events, new WatchCursor(Math.Max(cursor.Revision, caughtUpTo), lastId));
        });

    private static WatchEvent ReadEvent(SqliteDataReader reader)
    {
        // Columns 2..7 are laid out as an entry: key, value, create_rev, rev (the mod revision), version, lease.
        var entry = SqliteRows.ReadEntry(reader, 2);
        var previous = reader.IsDBNull(9)
            ? null
            : new KeyValueEntry(entry.Key, SqliteRows.Bytes(reader, 8), reader.GetInt64(9), reader.GetInt64(10), reader.GetInt64(11), reader.GetInt64(12));
        return new WatchEvent(reader.GetInt64(1) == 0 ? WatchEventKind.Put : WatchEventKind.Delete, entry, previous);
    }

    /// <summary>Where a watch stands: every change up to <paramref name="Revision"/> and history row <paramref name="AfterId"/> is delivered.</summary>
    private readonly record struct WatchCursor(long Revision, long AfterId);

    private sealed record WatchPage(List<WatchEvent> Events, WatchCursor Next);
}

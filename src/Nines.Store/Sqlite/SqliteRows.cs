using Microsoft.Data.Sqlite;

namespace Nines.Store.Sqlite;

/// <summary>Reads of the kv table shared by plain reads and write batches.</summary>
internal static class SqliteRows
{
    private const string EntryColumns = "key, value, create_rev, mod_rev, version, lease";

    public static KeyValueEntry? Get(SqliteConnection connection, SqliteTransaction transaction, StoreKey key)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {EntryColumns} FROM kv WHERE key = $key;";
        command.Parameters.AddWithValue("$key", key.BytesOrEmpty());
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadEntry(reader, 0) : null;
    }

    /// <summary>The entries under <paramref name="prefix"/> in key order; <paramref name="more"/> tells whether the limit cut some off.</summary>
    public static List<KeyValueEntry> Range(SqliteConnection connection, SqliteTransaction transaction, StoreKey prefix, int? limit, out bool more)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {EntryColumns} FROM kv WHERE key >= $start AND ($end IS NULL OR key < $end) ORDER BY key LIMIT $limit;";
        AddPrefix(command, prefix);

        // One row past the limit says whether there are more.
        command.Parameters.AddWithValue("$limit", limit is { } l ? l + 1L : -1L);
        var entries = new List<KeyValueEntry>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            entries.Add(ReadEntry(reader, 0));
        }

        more = limit is { } max && entries.Count > max;
        if (more)
        {
            entries.RemoveAt(entries.Count - 1);
        }

        return entries;
    }

    public static List<KeyValueEntry> ByLease(SqliteConnection connection, SqliteTransaction transaction, long lease)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {EntryColumns} FROM kv WHERE lease = $lease ORDER BY key;";
        command.Parameters.AddWithValue("$lease", lease);
        var entries = new List<KeyValueEntry>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            entries.Add(ReadEntry(reader, 0));
        }

        return entries;
    }

    /// <summary>Binds <c>$start</c> and <c>$end</c> so <c>key &gt;= $start AND ($end IS NULL OR key &lt; $end)</c> is the prefix.</summary>
    public static void AddPrefix(SqliteCommand command, StoreKey prefix)
    {
        command.Parameters.AddWithValue("$start", prefix.BytesOrEmpty());
        command.Parameters.AddWithValue("$end", (object?)prefix.PrefixEnd() ?? DBNull.Value);
    }

    /// <summary>Reads key, value, create_rev, mod_rev, version, lease starting at column <paramref name="first"/>.</summary>
    public static KeyValueEntry ReadEntry(SqliteDataReader reader, int first) => new(
        StoreKey.FromBytes(Bytes(reader, first)),
        Bytes(reader, first + 1),
        reader.GetInt64(first + 2),
        reader.GetInt64(first + 3),
        reader.GetInt64(first + 4),
        reader.GetInt64(first + 5));

    public static byte[] Bytes(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? [] : (byte[])reader.GetValue(ordinal);
}

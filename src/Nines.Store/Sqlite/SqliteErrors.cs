using Microsoft.Data.Sqlite;

namespace Nines.Store.Sqlite;

/// <summary>Turns SQLite's result codes into the store's typed errors, naming the file.</summary>
internal static class SqliteErrors
{
    // Primary result codes (https://sqlite.org/rescode.html); extended codes keep them in the low byte.
    private const int IoError = 10;
    private const int Corrupt = 11;
    private const int Full = 13;
    private const int NotADatabase = 26;

    /// <summary>The store's error for <paramref name="error"/>, or <paramref name="error"/> itself when it is none of them.</summary>
    public static Exception Translate(SqliteException error, string path) => (error.SqliteErrorCode & 0xFF) switch
    {
        Full => new StoreFullException($"the store's disk is full: SQLite could not write {path} ({error.Message}); nothing of this write was stored, free space and retry", error) { Location = path },
        IoError => new StoreFullException($"the store's disk failed a write: SQLite could not write {path} ({error.Message}); nothing of this write was stored, check the disk and free space, then retry", error) { Location = path },
        Corrupt or NotADatabase => Corrupted(path, [error.Message], error),
        _ => error,
    };

    /// <summary>The refusal for a damaged file, naming the tools that check and restore it.</summary>
    public static StoreCorruptException Corrupted(string path, IReadOnlyList<string> problems, Exception? inner = null)
    {
        var message = $"the store {path} is damaged ({string.Join("; ", problems.Take(3))}{(problems.Count > 3 ? $"; and {problems.Count - 3} more" : "")}): " +
            "run `nines store check` for the full report and `nines store restore FILE` to put a backup back";
        return inner is null
            ? new StoreCorruptException(message) { Path = path, Problems = problems }
            : new StoreCorruptException(message, inner) { Path = path, Problems = problems };
    }
}

namespace Nines.Store;

/// <summary>
/// The store's file is damaged (SQLite's integrity check failed, or the file is not a database). The store refuses to
/// open it; <c>nines store check</c> reports the damage and <c>nines store restore FILE</c> puts a backup back.
/// </summary>
public sealed class StoreCorruptException : IOException
{
    public StoreCorruptException()
    {
    }

    public StoreCorruptException(string message)
        : base(message)
    {
    }

    public StoreCorruptException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The damaged file.</summary>
    public string? Path { get; init; }

    /// <summary>What the integrity check found, one problem a line (at most the first 20).</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];
}

namespace Nines.Store;

/// <summary>
/// The store's file was written by a newer Nines (its schema version is above the one this code knows): opening it
/// could misread or damage it, so the store refuses.
/// </summary>
public sealed class StoreSchemaException : IOException
{
    public StoreSchemaException()
    {
    }

    public StoreSchemaException(string message)
        : base(message)
    {
    }

    public StoreSchemaException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The file's schema version.</summary>
    public long FileVersion { get; init; }

    /// <summary>The newest schema version this code reads.</summary>
    public long CodeVersion { get; init; }
}

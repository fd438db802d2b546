namespace Nines.Store;

/// <summary>What a change did to a key.</summary>
public enum WatchEventKind
{
    /// <summary>The key was created or updated.</summary>
    Put,

    /// <summary>The key was deleted (explicitly, by a range delete, or by its lease ending).</summary>
    Delete,
}

namespace Nines.Store.Sqlite;

/// <summary>SQLite's page checks, from none to all.</summary>
public enum SqliteIntegrityCheck
{
    /// <summary>No check.</summary>
    None,

    /// <summary><c>PRAGMA quick_check</c>: every page and record is well-formed (all but index-to-table consistency).</summary>
    Quick,

    /// <summary><c>PRAGMA integrity_check</c>: also that every index matches its table.</summary>
    Full,
}

namespace Nines.Store.Sqlite;

/// <summary>What <see cref="SqliteStoreFile.Check"/> found in a store file.</summary>
/// <param name="Path">The file checked.</param>
/// <param name="SizeBytes">The file's size (without its WAL).</param>
/// <param name="SchemaVersion">Its <c>PRAGMA user_version</c> (0: from before versioning, read as 1).</param>
/// <param name="Revision">The store revision it holds (0 when unreadable).</param>
/// <param name="Keys">How many keys it holds.</param>
/// <param name="HistoryRows">How many changes its watch history keeps.</param>
/// <param name="Problems">What SQLite's <c>integrity_check</c> (or opening the file) reported; empty when sound.</param>
public sealed record SqliteStoreReport(string Path, long SizeBytes, long SchemaVersion, long Revision, long Keys, long HistoryRows, IReadOnlyList<string> Problems)
{
    /// <summary>Sound pages and a schema this code reads.</summary>
    public bool Healthy => Problems.Count == 0 && SchemaVersion <= SqliteSchema.CurrentVersion;
}

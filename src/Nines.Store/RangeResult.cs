namespace Nines.Store;

/// <summary>The entries of a range read and the store revision they were read at.</summary>
/// <param name="Entries">The matching entries in key order, at most the limit.</param>
/// <param name="Revision">The store revision the read saw; watch from it to follow later changes.</param>
/// <param name="More">True when the limit cut off further matching entries.</param>
public sealed record RangeResult(IReadOnlyList<KeyValueEntry> Entries, long Revision, bool More);

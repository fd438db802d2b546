namespace Nines.Store;

/// <summary>The result of one op of a transaction.</summary>
/// <param name="Entries">For a get or range: the entries read (seeing earlier writes of the same branch). Empty otherwise.</param>
/// <param name="Deleted">For a delete: how many keys it deleted. 0 otherwise.</param>
public sealed record TxnOpResult(IReadOnlyList<KeyValueEntry> Entries, long Deleted);

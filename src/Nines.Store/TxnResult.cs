namespace Nines.Store;

/// <summary>The outcome of a transaction.</summary>
/// <param name="Succeeded">True when the compares held and the success ops ran; false when the failure ops ran.</param>
/// <param name="Revision">The store revision after the transaction (unchanged when the branch wrote nothing).</param>
/// <param name="Results">One result per op of the branch that ran, in order.</param>
public sealed record TxnResult(bool Succeeded, long Revision, IReadOnlyList<TxnOpResult> Results);

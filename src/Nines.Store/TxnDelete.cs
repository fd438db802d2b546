namespace Nines.Store;

/// <summary>A delete of one key, or of every key under a prefix, in a transaction.</summary>
public sealed record TxnDelete(StoreKey Key, bool IsPrefix) : TxnOp;

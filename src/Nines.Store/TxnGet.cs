namespace Nines.Store;

/// <summary>A read of one key, or of the keys under a prefix, in a transaction.</summary>
public sealed record TxnGet(StoreKey Key, bool IsPrefix, int? Limit) : TxnOp;

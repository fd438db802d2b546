namespace Nines.Store;

/// <summary>A put in a transaction.</summary>
public sealed record TxnPut(StoreKey Key, ReadOnlyMemory<byte> Value, long Lease) : TxnOp;

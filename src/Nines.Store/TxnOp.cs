namespace Nines.Store;

/// <summary>One operation of a <see cref="Txn"/> branch (etcd <c>RequestOp</c>).</summary>
public abstract record TxnOp
{
    private protected TxnOp()
    {
    }

    /// <summary>Sets <paramref name="key"/> to <paramref name="value"/>, attached to <paramref name="lease"/> (0 = none).</summary>
    public static TxnOp Put(StoreKey key, ReadOnlyMemory<byte> value, long lease = 0) => new TxnPut(key, value, lease);

    /// <summary>Deletes <paramref name="key"/> if present.</summary>
    public static TxnOp Delete(StoreKey key) => new TxnDelete(key, IsPrefix: false);

    /// <summary>Deletes every key starting with <paramref name="prefix"/>.</summary>
    public static TxnOp DeleteRange(StoreKey prefix) => new TxnDelete(prefix, IsPrefix: true);

    /// <summary>Reads <paramref name="key"/>.</summary>
    public static TxnOp Get(StoreKey key) => new TxnGet(key, IsPrefix: false, Limit: null);

    /// <summary>Reads the keys starting with <paramref name="prefix"/>, at most <paramref name="limit"/> of them.</summary>
    public static TxnOp Range(StoreKey prefix, int? limit = null) => new TxnGet(prefix, IsPrefix: true, limit);
}

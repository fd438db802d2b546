namespace Nines.Store;

/// <summary>
/// An atomic transaction (etcd <c>TxnRequest</c>): when every compare holds, the success ops run, else the
/// failure ops; all writes of the branch share one new revision. A branch may not put the same key twice
/// nor put a key it also deletes (etcd rejects those too).
/// </summary>
public sealed record Txn(IReadOnlyList<TxnCompare> Compares, IReadOnlyList<TxnOp> Success, IReadOnlyList<TxnOp> Failure)
{
    /// <summary>A transaction with no failure ops.</summary>
    public Txn(IReadOnlyList<TxnCompare> compares, IReadOnlyList<TxnOp> success)
        : this(compares, success, [])
    {
    }
}

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

/// <summary>What a compare looks at (etcd <c>Compare.CompareTarget</c>).</summary>
public enum CompareTarget
{
    /// <summary>The key's version (0 when absent).</summary>
    Version,

    /// <summary>The key's create revision (0 when absent).</summary>
    CreateRevision,

    /// <summary>The key's mod revision (0 when absent).</summary>
    ModRevision,

    /// <summary>The key's value, byte-wise; any compare of the value of an absent key is false.</summary>
    Value,

    /// <summary>The key's lease (0 when absent or unattached).</summary>
    Lease,
}

/// <summary>How the key's target compares with the operand (etcd <c>Compare.CompareResult</c>).</summary>
public enum CompareResult
{
    /// <summary>Target equals the operand.</summary>
    Equal,

    /// <summary>Target differs from the operand.</summary>
    NotEqual,

    /// <summary>Target is greater than the operand.</summary>
    Greater,

    /// <summary>Target is less than the operand.</summary>
    Less,
}

/// <summary>One condition of a <see cref="Txn"/>: <c>Target(Key) Result Operand</c>.</summary>
/// <param name="Key">The key compared.</param>
/// <param name="Target">What of the key is compared.</param>
/// <param name="Result">The comparison that must hold.</param>
/// <param name="Number">The operand for numeric targets.</param>
/// <param name="Value">The operand for <see cref="CompareTarget.Value"/>.</param>
public sealed record TxnCompare(StoreKey Key, CompareTarget Target, CompareResult Result, long Number, ReadOnlyMemory<byte> Value)
{
    /// <summary>The key's mod revision compares with <paramref name="revision"/>: the compare-on-revision commit.</summary>
    public static TxnCompare ModRevision(StoreKey key, CompareResult result, long revision) =>
        new(key, CompareTarget.ModRevision, result, revision, default);

    /// <summary>The key's create revision compares with <paramref name="revision"/>.</summary>
    public static TxnCompare CreateRevision(StoreKey key, CompareResult result, long revision) =>
        new(key, CompareTarget.CreateRevision, result, revision, default);

    /// <summary>The key's version compares with <paramref name="version"/>.</summary>
    public static TxnCompare Version(StoreKey key, CompareResult result, long version) =>
        new(key, CompareTarget.Version, result, version, default);

    /// <summary>The key's lease compares with <paramref name="lease"/>.</summary>
    public static TxnCompare Lease(StoreKey key, CompareResult result, long lease) =>
        new(key, CompareTarget.Lease, result, lease, default);

    /// <summary>The key's value compares byte-wise with <paramref name="value"/>; false when the key is absent.</summary>
    public static TxnCompare ValueIs(StoreKey key, CompareResult result, ReadOnlyMemory<byte> value) =>
        new(key, CompareTarget.Value, result, 0, value);

    /// <summary>The key does not exist (its create revision is 0).</summary>
    public static TxnCompare Absent(StoreKey key) => CreateRevision(key, CompareResult.Equal, 0);

    /// <summary>The key exists (its create revision is greater than 0).</summary>
    public static TxnCompare Exists(StoreKey key) => CreateRevision(key, CompareResult.Greater, 0);
}

/// <summary>The outcome of a transaction.</summary>
/// <param name="Succeeded">True when the compares held and the success ops ran; false when the failure ops ran.</param>
/// <param name="Revision">The store revision after the transaction (unchanged when the branch wrote nothing).</param>
/// <param name="Results">One result per op of the branch that ran, in order.</param>
public sealed record TxnResult(bool Succeeded, long Revision, IReadOnlyList<TxnOpResult> Results);

/// <summary>The result of one op of a transaction.</summary>
/// <param name="Entries">For a get or range: the entries read (seeing earlier writes of the same branch). Empty otherwise.</param>
/// <param name="Deleted">For a delete: how many keys it deleted. 0 otherwise.</param>
public sealed record TxnOpResult(IReadOnlyList<KeyValueEntry> Entries, long Deleted);

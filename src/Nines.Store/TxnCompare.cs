namespace Nines.Store;

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

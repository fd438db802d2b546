namespace Nines.Store;

/// <summary>
/// The rules every implementation shares, so they cannot drift apart: argument checks, txn validation and
/// compare evaluation (etcd's <c>applyCompare</c>).
/// </summary>
internal static class TxnRules
{
    public static void CheckWritableKey(StoreKey key, string paramName)
    {
        if (key.IsEmpty)
        {
            throw new ArgumentException("a key to write must not be empty", paramName);
        }
    }

    public static void CheckLimit(int? limit)
    {
        if (limit is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "a range limit must be positive (or null for no limit)");
        }
    }

    public static void CheckTtl(TimeSpan ttl)
    {
        if (ttl <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ttl), ttl, "a lease's time to live must be positive");
        }
    }

    /// <summary>Rejects what etcd rejects: a key put twice in one branch, or put and deleted in one branch.</summary>
    public static void Validate(Txn txn)
    {
        ArgumentNullException.ThrowIfNull(txn);
        ArgumentNullException.ThrowIfNull(txn.Compares);
        ArgumentNullException.ThrowIfNull(txn.Success);
        ArgumentNullException.ThrowIfNull(txn.Failure);
        ValidateBranch(txn.Success, "success");
        ValidateBranch(txn.Failure, "failure");
    }

    /// <summary>True when every compare holds against <paramref name="read"/>, which returns a key's entry or null.</summary>
    public static bool AllHold(IEnumerable<TxnCompare> compares, Func<StoreKey, KeyValueEntry?> read) =>
        compares.All(c => Holds(c, read(c.Key)));

    public static bool Holds(TxnCompare compare, KeyValueEntry? entry)
    {
        if (compare.Target == CompareTarget.Value)
        {
            // etcd: a missing value cannot be told from an empty one on the wire, so any value compare fails.
            return entry is not null && Matches(compare.Result, entry.Value.Span.SequenceCompareTo(compare.Value.Span));
        }

        var actual = compare.Target switch
        {
            CompareTarget.Version => entry?.Version ?? 0,
            CompareTarget.CreateRevision => entry?.CreateRevision ?? 0,
            CompareTarget.ModRevision => entry?.ModRevision ?? 0,
            CompareTarget.Lease => entry?.Lease ?? 0,
            _ => throw new ArgumentOutOfRangeException(nameof(compare), compare.Target, "unknown compare target"),
        };
        return Matches(compare.Result, actual.CompareTo(compare.Number));
    }

    private static bool Matches(CompareResult result, int order) => result switch
    {
        CompareResult.Equal => order == 0,
        CompareResult.NotEqual => order != 0,
        CompareResult.Greater => order > 0,
        CompareResult.Less => order < 0,
        _ => throw new ArgumentOutOfRangeException(nameof(result), result, "unknown compare result"),
    };

    private static void ValidateBranch(IReadOnlyList<TxnOp> ops, string branch)
    {
        var puts = new HashSet<StoreKey>();
        foreach (var op in ops)
        {
            switch (op)
            {
                case TxnPut put:
                    CheckWritableKey(put.Key, nameof(op));
                    if (!puts.Add(put.Key))
                    {
                        throw new ArgumentException($"txn {branch} branch puts key \"{put.Key}\" twice (expected each key at most once)", nameof(op));
                    }

                    break;
                case TxnGet get:
                    CheckLimit(get.Limit);
                    break;
                case TxnDelete:
                    break;
                default:
                    throw new ArgumentException($"txn {branch} branch holds an unknown op {op?.GetType().Name ?? "null"}", nameof(op));
            }
        }

        foreach (var delete in ops.OfType<TxnDelete>())
        {
            var clash = puts.FirstOrDefault(k => delete.IsPrefix ? k.StartsWith(delete.Key) : k == delete.Key);
            if (!clash.IsEmpty)
            {
                throw new ArgumentException($"txn {branch} branch both puts and deletes key \"{clash}\" (expected one change per key)", nameof(ops));
            }
        }
    }
}

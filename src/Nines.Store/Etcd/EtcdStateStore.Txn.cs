namespace Nines.Store.Etcd;

/// <summary>Transactions: <see cref="Txn"/> to etcd's <c>TxnRequest</c> and back.</summary>
public sealed partial class EtcdStateStore
{
    public async Task<TxnResult> TxnAsync(Txn txn, CancellationToken cancellationToken = default)
    {
        // Same validation as the other stores, so all of them reject the same transactions the same way.
        TxnRules.Validate(txn);
        var request = new EtcdTxnRequest
        {
            Compare = [.. txn.Compares.Select(ToCompare)],
            Success = [.. txn.Success.Select(ToRequestOp)],
            Failure = [.. txn.Failure.Select(ToRequestOp)],
        };

        EtcdTxnResponse response;
        try
        {
            response = await CallAsync("/v3/kv/txn", request, EtcdJsonContext.Default.EtcdTxnRequest, EtcdJsonContext.Default.EtcdTxnResponse, idempotent: false, cancellationToken).ConfigureAwait(false);
        }
        catch (EtcdRequestException e) when (IsLeaseNotFound(e))
        {
            var leases = txn.Success.Concat(txn.Failure).OfType<TxnPut>().Select(p => p.Lease).Where(l => l != 0).Distinct().ToList();
            throw new LeaseNotFoundException(await FindMissingLeaseAsync(leases, cancellationToken).ConfigureAwait(false));
        }

        var ops = response.Succeeded ? txn.Success : txn.Failure;
        var responses = response.Responses ?? [];
        if (responses.Count != ops.Count)
        {
            throw new EtcdRequestException($"etcd answered a txn of {ops.Count} ops with {responses.Count} responses");
        }

        var results = responses.Select(r => new TxnOpResult(ToEntries(r.ResponseRange?.Kvs), r.ResponseDeleteRange?.Deleted ?? 0)).ToList();
        return new TxnResult(response.Succeeded, RevisionOf(response.Header), results);
    }

    private EtcdCompare ToCompare(TxnCompare compare)
    {
        var wire = new EtcdCompare
        {
            Key = _keys.Full(compare.Key),
            Target = compare.Target switch
            {
                CompareTarget.Version => "VERSION",
                CompareTarget.CreateRevision => "CREATE",
                CompareTarget.ModRevision => "MOD",
                CompareTarget.Value => "VALUE",
                CompareTarget.Lease => "LEASE",
                _ => throw new ArgumentOutOfRangeException(nameof(compare), compare.Target, "unknown compare target"),
            },
            Result = compare.Result switch
            {
                CompareResult.Equal => "EQUAL",
                CompareResult.NotEqual => "NOT_EQUAL",
                CompareResult.Greater => "GREATER",
                CompareResult.Less => "LESS",
                _ => throw new ArgumentOutOfRangeException(nameof(compare), compare.Result, "unknown compare result"),
            },
        };

        switch (compare.Target)
        {
            case CompareTarget.Version: wire.Version = compare.Number; break;
            case CompareTarget.CreateRevision: wire.CreateRevision = compare.Number; break;
            case CompareTarget.ModRevision: wire.ModRevision = compare.Number; break;
            case CompareTarget.Lease: wire.Lease = compare.Number; break;
            default: wire.Value = compare.Value.ToArray(); break;
        }

        return wire;
    }

    private EtcdRequestOp ToRequestOp(TxnOp op)
    {
        switch (op)
        {
            case TxnPut put:
                return new EtcdRequestOp { RequestPut = new EtcdPutRequest { Key = _keys.Full(put.Key), Value = put.Value.ToArray(), Lease = put.Lease == 0 ? null : put.Lease } };
            case TxnDelete { IsPrefix: true } delete:
                var (from, to) = _keys.Range(delete.Key);
                return new EtcdRequestOp { RequestDeleteRange = new EtcdDeleteRangeRequest { Key = from, RangeEnd = to } };
            case TxnDelete delete:
                return new EtcdRequestOp { RequestDeleteRange = new EtcdDeleteRangeRequest { Key = _keys.Full(delete.Key) } };
            case TxnGet { IsPrefix: true } get:
                var (start, end) = _keys.Range(get.Key);
                return new EtcdRequestOp { RequestRange = new EtcdRangeRequest { Key = start, RangeEnd = end, Limit = get.Limit } };
            case TxnGet get:
                return new EtcdRequestOp { RequestRange = new EtcdRangeRequest { Key = _keys.Full(get.Key) } };
            default:
                throw new ArgumentException($"unknown txn op {op.GetType().Name}", nameof(op));
        }
    }

    /// <summary>Which of <paramref name="leases"/> etcd no longer has (the error does not say).</summary>
    private async Task<long> FindMissingLeaseAsync(List<long> leases, CancellationToken cancellationToken)
    {
        foreach (var lease in leases)
        {
            if (await TimeToLiveOrNullAsync(lease, cancellationToken).ConfigureAwait(false) is null)
            {
                return lease;
            }
        }

        return leases.FirstOrDefault();
    }
}

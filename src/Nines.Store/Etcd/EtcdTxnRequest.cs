namespace Nines.Store.Etcd;

internal sealed class EtcdTxnRequest
{
    public required List<EtcdCompare> Compare { get; set; }

    public required List<EtcdRequestOp> Success { get; set; }

    public required List<EtcdRequestOp> Failure { get; set; }
}

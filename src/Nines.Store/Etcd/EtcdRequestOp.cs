namespace Nines.Store.Etcd;

internal sealed class EtcdRequestOp
{
    public EtcdRangeRequest? RequestRange { get; set; }

    public EtcdPutRequest? RequestPut { get; set; }

    public EtcdDeleteRangeRequest? RequestDeleteRange { get; set; }
}

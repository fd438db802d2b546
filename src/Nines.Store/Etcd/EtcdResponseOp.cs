namespace Nines.Store.Etcd;

internal sealed class EtcdResponseOp
{
    public EtcdRangeResponse? ResponseRange { get; set; }

    public EtcdPutResponse? ResponsePut { get; set; }

    public EtcdDeleteRangeResponse? ResponseDeleteRange { get; set; }
}

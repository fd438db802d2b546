namespace Nines.Store.Etcd;

internal sealed class EtcdDeleteRangeResponse
{
    public EtcdHeader? Header { get; set; }

    public long Deleted { get; set; }
}

namespace Nines.Store.Etcd;

internal sealed class EtcdRangeResponse
{
    public EtcdHeader? Header { get; set; }

    public List<EtcdKeyValue>? Kvs { get; set; }

    public bool More { get; set; }
}

namespace Nines.Store.Etcd;

internal sealed class EtcdPutResponse
{
    public EtcdHeader? Header { get; set; }
}

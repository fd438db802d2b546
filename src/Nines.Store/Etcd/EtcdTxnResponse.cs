namespace Nines.Store.Etcd;

internal sealed class EtcdTxnResponse
{
    public EtcdHeader? Header { get; set; }

    public bool Succeeded { get; set; }

    public List<EtcdResponseOp>? Responses { get; set; }
}

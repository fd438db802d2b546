namespace Nines.Store.Etcd;

internal sealed class EtcdCompactionRequest
{
    public long Revision { get; set; }

    public bool Physical { get; set; }
}

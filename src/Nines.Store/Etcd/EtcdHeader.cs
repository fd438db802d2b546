namespace Nines.Store.Etcd;

internal sealed class EtcdHeader
{
    public long Revision { get; set; }
}

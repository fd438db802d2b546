namespace Nines.Store.Etcd;

internal sealed class EtcdKeyValue
{
    public byte[]? Key { get; set; }

    public long CreateRevision { get; set; }

    public long ModRevision { get; set; }

    public long Version { get; set; }

    public byte[]? Value { get; set; }

    public long Lease { get; set; }
}

namespace Nines.Store.Etcd;

internal sealed class EtcdCompare
{
    public required byte[] Key { get; set; }

    public required string Target { get; set; }

    public required string Result { get; set; }

    public long? Version { get; set; }

    public long? CreateRevision { get; set; }

    public long? ModRevision { get; set; }

    public long? Lease { get; set; }

    public byte[]? Value { get; set; }
}

namespace Nines.Store.Etcd;

internal sealed class EtcdPutRequest
{
    public required byte[] Key { get; set; }

    public required byte[] Value { get; set; }

    public long? Lease { get; set; }
}

namespace Nines.Store.Etcd;

internal sealed class EtcdRangeRequest
{
    public required byte[] Key { get; set; }

    public byte[]? RangeEnd { get; set; }

    public long? Limit { get; set; }
}

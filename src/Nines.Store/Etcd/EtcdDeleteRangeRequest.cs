namespace Nines.Store.Etcd;

internal sealed class EtcdDeleteRangeRequest
{
    public required byte[] Key { get; set; }

    public byte[]? RangeEnd { get; set; }
}

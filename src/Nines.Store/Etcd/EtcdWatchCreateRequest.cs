namespace Nines.Store.Etcd;

internal sealed class EtcdWatchCreateRequest
{
    public required byte[] Key { get; set; }

    public byte[]? RangeEnd { get; set; }

    public long StartRevision { get; set; }

    public bool PrevKv { get; set; }
}

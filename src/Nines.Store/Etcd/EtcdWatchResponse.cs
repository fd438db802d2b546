namespace Nines.Store.Etcd;

internal sealed class EtcdWatchResponse
{
    public EtcdHeader? Header { get; set; }

    public bool Created { get; set; }

    public bool Canceled { get; set; }

    public long CompactRevision { get; set; }

    public string? CancelReason { get; set; }

    public List<EtcdEvent>? Events { get; set; }
}

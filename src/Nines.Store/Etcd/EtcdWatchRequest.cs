namespace Nines.Store.Etcd;

internal sealed class EtcdWatchRequest
{
    public required EtcdWatchCreateRequest CreateRequest { get; set; }
}

namespace Nines.Store.Etcd;

internal sealed class EtcdStreamError
{
    public int GrpcCode { get; set; }

    public string? Message { get; set; }
}

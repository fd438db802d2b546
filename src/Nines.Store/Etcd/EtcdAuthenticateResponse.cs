namespace Nines.Store.Etcd;

internal sealed class EtcdAuthenticateResponse
{
    public EtcdHeader? Header { get; set; }

    public string? Token { get; set; }
}

namespace Nines.Store.Etcd;

internal sealed class EtcdAuthenticateRequest
{
    public required string Name { get; set; }

    public required string Password { get; set; }
}

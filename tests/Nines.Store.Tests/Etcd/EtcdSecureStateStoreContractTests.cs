using Nines.Store.Etcd;
using Nines.Testing;

namespace Nines.Store.Tests.Etcd;

/// <summary>
/// The whole store contract on an etcd that lets nobody in without a client certificate its CA signed and
/// a user and password (etcd's <c>--client-cert-auth</c> and <c>auth enable</c>): the store speaks TLS, shows
/// its certificate, logs in and carries its token on every call, watch and lease.
/// </summary>
public sealed class EtcdSecureStateStoreContractTests : EtcdContract
{
    private const string User = "nines";
    private const string Password = "contract-secret";
    private static readonly Lazy<EtcdTestSecurity> _security = new(() => EtcdTestSecurity.Create());

    protected override async Task<IStateStore> ConnectAsync()
    {
        var security = _security.Value;
        Server = await EtcdTestServers.StartSecuredAsync(security);
        await security.EnableAuthAsync(Server.ClientUrl, User, Password);
        return EtcdStateStore.Connect(new EtcdStoreOptions
        {
            Endpoints = [Server.ClientUrl],
            TrustedAuthorities = [security.Authority],
            ClientCertificate = security.Client,
            Credentials = new EtcdCredentials(User, Password),
        });
    }
}

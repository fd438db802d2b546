using Nines.Store.Etcd;
using Nines.Store.Tests.Contract;
using Nines.Testing;

namespace Nines.Store.Tests.Etcd;

/// <summary>
/// The whole store contract on an etcd that lets nobody in without a client certificate its CA signed and
/// a user and password (etcd's <c>--client-cert-auth</c> and <c>auth enable</c>): the store speaks TLS, shows
/// its certificate, logs in and carries its token on every call, watch and lease.
/// </summary>
public sealed class EtcdSecureStateStoreContractTests : StateStoreContract
{
    private const string User = "nines";
    private const string Password = "contract-secret";
    private static readonly Lazy<EtcdTestSecurity> _security = new(() => EtcdTestSecurity.Create());
    private EtcdServer? _server;

    protected override TimeSpan LeaseTtl => TimeSpan.FromSeconds(4);

    protected override async Task<IStateStore> CreateStoreAsync(TimeProvider time)
    {
        if (EtcdTestServers.Missing is { } missing)
        {
            throw new InvalidOperationException(missing);
        }

        var security = _security.Value;
        _server = await EtcdTestServers.StartSecuredAsync(security);
        await security.EnableAuthAsync(_server.ClientUrl, User, Password);
        return EtcdStateStore.Connect(new EtcdStoreOptions
        {
            Endpoints = [_server.ClientUrl],
            TrustedAuthorities = [security.Authority],
            ClientCertificate = security.Client,
            Credentials = new EtcdCredentials(User, Password),
        });
    }

    protected override async Task AdvanceAsync(TimeSpan by)
    {
        Clock.Advance(by);
        await Task.Delay(by);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

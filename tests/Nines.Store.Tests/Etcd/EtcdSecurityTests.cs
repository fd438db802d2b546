using System.Text;
using Nines.Store.Etcd;
using Nines.Testing;
using Nines.Testing.Etcd;

namespace Nines.Store.Tests.Etcd;

/// <summary>
/// What a secured etcd refuses and what the store does about expired tokens: no client certificate, a server
/// signed by another CA, a wrong password, no credentials at all; a token etcd dropped is renewed for calls
/// and for watches.
/// </summary>
public sealed class EtcdSecurityTests : IDisposable
{
    private const string User = "nines";
    private const string Password = "s3cret-pass";
    private static readonly TimeSpan _patience = TimeSpan.FromSeconds(30);
    private readonly EtcdTestSecurity _security = EtcdTestSecurity.Create();

    public void Dispose() => _security.Dispose();

    [Fact]
    public void Connect_TlsMaterialForHttpEndpointsOrEmptyCredentials_ThrowsNamingEveryField()
    {
        using var publicOnly = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(_security.Authority.RawData);
        var options = new EtcdStoreOptions
        {
            Endpoints = [new Uri("http://127.0.0.1:2379")],
            ClientCertificate = publicOnly,
            Credentials = new EtcdCredentials("", ""),
        };

        var error = Should.Throw<ArgumentException>(() => EtcdStateStore.Connect(options));

        error.Message.ShouldContain("every endpoint must be https://");
        error.Message.ShouldContain("EtcdStoreOptions.ClientCertificate: 'CN=nines test etcd CA' has no private key");
        error.Message.ShouldContain("EtcdStoreOptions.Credentials.User");
        error.Message.ShouldContain("EtcdStoreOptions.Credentials.Password");
    }

    [Fact]
    public void Credentials_ToString_NeverShowsThePassword() =>
        new EtcdCredentials(User, Password).ToString().ShouldNotContain(Password);

    [RequiresEtcdFact]
    public async Task Put_WithoutClientCertificate_IsRefusedByTheTlsHandshake()
    {
        await using var server = await EtcdTestServers.StartSecuredAsync(_security);
        await using var store = EtcdStateStore.Connect(new EtcdStoreOptions { Endpoints = [server.ClientUrl], TrustedAuthorities = [_security.Authority] });

        var error = await Should.ThrowAsync<EtcdUnavailableException>(() => store.PutAsync("/k", Bytes("v")));

        error.Message.ShouldContain("SSL");
    }

    [RequiresEtcdFact]
    public async Task Put_ServerSignedByAnotherAuthority_IsRefused()
    {
        using var other = EtcdTestSecurity.Create();
        await using var server = await EtcdTestServers.StartSecuredAsync(_security);
        await using var store = EtcdStateStore.Connect(new EtcdStoreOptions
        {
            Endpoints = [server.ClientUrl],
            TrustedAuthorities = [other.Authority],
            ClientCertificate = _security.Client,
        });

        var error = await Should.ThrowAsync<EtcdUnavailableException>(() => store.PutAsync("/k", Bytes("v")));

        error.Message.ShouldContain("SSL");
    }

    [RequiresEtcdFact]
    public async Task Put_WrongPassword_FailsNamingTheUserButNotThePassword()
    {
        await using var server = await EtcdTestServers.StartSecuredAsync(_security);
        await _security.EnableAuthAsync(server.ClientUrl, User, Password);
        await using var store = Connect(server, new EtcdCredentials(User, "wrong-password"));

        var error = await Should.ThrowAsync<EtcdRequestException>(() => store.PutAsync("/k", Bytes("v")));

        error.Message.ShouldContain("etcd user nines could not log in");
        error.Message.ShouldContain("authentication failed");
        error.Message.ShouldNotContain("wrong-password");
    }

    [RequiresEtcdFact]
    public async Task Put_NoCredentialsOnAnAuthenticatedCluster_IsRefused()
    {
        await using var server = await EtcdTestServers.StartSecuredAsync(_security);
        await _security.EnableAuthAsync(server.ClientUrl, User, Password);
        await using var store = Connect(server, credentials: null);

        var error = await Should.ThrowAsync<EtcdRequestException>(() => store.PutAsync("/k", Bytes("v")));

        error.Message.ShouldContain("permission denied");
        error.Message.ShouldContain("no etcd user is configured");
    }

    [RequiresEtcdFact]
    public async Task Calls_AfterEtcdDroppedTheToken_LogInAgainForCallsAndWatches()
    {
        await using var server = await EtcdTestServers.StartSecuredAsync(_security, authTokenTtl: TimeSpan.FromSeconds(1));
        await _security.EnableAuthAsync(server.ClientUrl, User, Password);
        await using var store = Connect(server, new EtcdCredentials(User, Password));
        var first = await store.PutAsync("/k", Bytes("one"));

        // A token issued after the store last used its own expires no earlier: once etcd refuses this one,
        // the store's is gone too.
        var probe = await _security.LogInAsync(server.ClientUrl, User, Password);
        await WaitUntilDroppedAsync(server, probe);

        var second = await store.PutAsync("/k", Bytes("two"));
        second.ShouldBeGreaterThan(first);
        Text((await store.GetAsync("/k"))!.Value).ShouldBe("two");

        var probe2 = await _security.LogInAsync(server.ClientUrl, User, Password);
        await WaitUntilDroppedAsync(server, probe2);
        using var cts = new CancellationTokenSource(_patience);
        await using var watch = store.WatchAsync("/k", second, cts.Token).GetAsyncEnumerator(cts.Token);
        var next = watch.MoveNextAsync().AsTask();

        // Written through another store, so the only thing the first one does is open its watch with its dropped token.
        await using var writer = Connect(server, new EtcdCredentials(User, Password));
        var third = await writer.PutAsync("/k", Bytes("three"));

        (await next.WaitAsync(_patience)).ShouldBeTrue();
        watch.Current.Entry.ModRevision.ShouldBe(third);
        Text(watch.Current.Entry.Value).ShouldBe("three");
    }

    /// <summary>
    /// Waits until etcd refuses <paramref name="token"/>. Every probe that succeeds renews its time to live, so
    /// probes are spaced well beyond the 1 s TTL (etcd sweeps expired tokens once a second).
    /// </summary>
    private async Task WaitUntilDroppedAsync(EtcdServer server, string token)
    {
        using var deadline = new CancellationTokenSource(_patience);
        do
        {
            deadline.IsCancellationRequested.ShouldBeFalse("etcd never dropped the unused token");
            await Task.Delay(TimeSpan.FromSeconds(3));
        }
        while (await _security.AcceptsTokenAsync(server.ClientUrl, token));
    }

    private EtcdStateStore Connect(EtcdServer server, EtcdCredentials? credentials) =>
        EtcdStateStore.Connect(new EtcdStoreOptions
        {
            Endpoints = [server.ClientUrl],
            TrustedAuthorities = [_security.Authority],
            ClientCertificate = _security.Client,
            Credentials = credentials,
        });

    private static ReadOnlyMemory<byte> Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static string Text(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);
}

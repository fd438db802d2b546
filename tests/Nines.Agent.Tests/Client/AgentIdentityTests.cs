using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Nines.Agent.Tests.Support;
using Nines.Contracts.Model;
using Nines.Contracts.Security;
using Nines.Controller.RemoteAgents;

namespace Nines.Agent.Tests.Client;

/// <summary>
/// A registration in the store pointing somewhere else gains nothing: the controller's client believes a listener only
/// when its certificate chains to the cluster's CA and names the host the record is registered under, and it refuses
/// during the TLS handshake, so the listener never receives a request (no VM definition, no data of any tenant).
/// </summary>
public sealed class AgentIdentityTests
{
    [Fact]
    public async Task Converge_RegistrationPointsAtAListenerWithAnotherHostsCertificate_RefusedAndNothingReceived()
    {
        using var other = TestPki.Agent("host-b").Certificate;
        await using var listener = RecordingTlsListener.Start(other);

        var error = await ConvergeThroughDirectoryAsync("host-a", listener.Url);

        error.Message.ShouldContain("is not that host's agent, nothing was sent");
        error.Message.ShouldContain("urn:nines:agent:host-b, not urn:nines:agent:host-a");
        (await listener.StopAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task Converge_RegistrationPointsAtASelfSignedCertificateWithTheRightName_RefusedAndNothingReceived()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=host-a", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddUri(new Uri(NinesIdentity.Agent("host-a")));
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(NinesIdentity.ServerAuthOid)], false));
        var now = TimeProvider.System.GetUtcNow();
        using var ephemeral = request.CreateSelfSigned(now.AddHours(-1), now.AddHours(1));
        using var forged = X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
        await using var listener = RecordingTlsListener.Start(forged);

        var error = await ConvergeThroughDirectoryAsync("host-a", listener.Url);

        error.Message.ShouldContain("does not chain to the Nines CA");
        (await listener.StopAsync()).ShouldBe(0);
    }

    [Fact]
    public void Get_RegistrationWithAPlainHttpUrl_IsRefusedWithoutConnecting()
    {
        using var directory = new HttpHostAgentDirectory(TestPki.Controller);
        var record = new HostRecord("host-a", "http://127.0.0.1:9", 1024, null, 0, 0, TimeProvider.System.GetUtcNow());

        Should.Throw<InvalidOperationException>(() => directory.Get(record)).Message.ShouldContain("https");
    }

    [Fact]
    public async Task Converge_RealAgentOfTheRegisteredHost_IsBelieved()
    {
        await using var cluster = new AgentCluster();
        var agent = await cluster.StartAgentAsync("host-a");
        using var directory = new HttpHostAgentDirectory(TestPki.Controller);
        var record = new HostRecord("host-a", agent.Url.AbsoluteUri, 1024, null, 0, 0, TimeProvider.System.GetUtcNow());

        var observed = await directory.Get(record).ConvergeAsync(OpsScenario.Desired(), CancellationToken.None);

        observed.DeploymentId.ShouldBe(OpsScenario.Deployment.Id);
    }

    private static async Task<HttpRequestException> ConvergeThroughDirectoryAsync(string host, Uri url)
    {
        using var directory = new HttpHostAgentDirectory(TestPki.Controller) { ConvergeTimeout = TimeSpan.FromSeconds(30) };
        var record = new HostRecord(host, url.AbsoluteUri, 1024, null, 0, 0, TimeProvider.System.GetUtcNow());
        return await Should.ThrowAsync<HttpRequestException>(() => directory.Get(record).ConvergeAsync(OpsScenario.Desired(), CancellationToken.None));
    }

    /// <summary>A TLS listener on loopback that serves <c>certificate</c>, asks for a client certificate, and counts every byte of application data it receives.</summary>
    private sealed class RecordingTlsListener : IAsyncDisposable
    {
        private readonly TcpListener _tcp = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private Task<long> _accepting = Task.FromResult(0L);

        public Uri Url => new($"https://127.0.0.1:{((IPEndPoint)_tcp.LocalEndpoint).Port}/");

        public static RecordingTlsListener Start(X509Certificate2 certificate)
        {
            var listener = new RecordingTlsListener();
            listener._tcp.Start();
            listener._accepting = listener.AcceptAsync(certificate);
            return listener;
        }

        /// <summary>Stops accepting and returns the application bytes received on every connection.</summary>
        public async Task<long> StopAsync()
        {
            await _stop.CancelAsync();
            _tcp.Stop();
            return await _accepting;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_stop.IsCancellationRequested)
            {
                await StopAsync();
            }

            _stop.Dispose();
            _tcp.Dispose();
        }

        private async Task<long> AcceptAsync(X509Certificate2 certificate)
        {
            long received = 0;
            while (!_stop.IsCancellationRequested)
            {
                TcpClient connection;
                try
                {
                    connection = await _tcp.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    return received;
                }

                using (connection)
                {
                    await using var tls = new SslStream(connection.GetStream(), false, (_, _, _, _) => true);
                    try
                    {
                        await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate, ClientCertificateRequired = true }, _stop.Token);
                        var buffer = new byte[4096];
                        int read;
                        while ((read = await tls.ReadAsync(buffer, _stop.Token)) > 0)
                        {
                            received += read;
                        }
                    }
                    catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException or OperationCanceledException)
                    {
                        // The client gave up during the handshake (what the test expects) or the test is stopping.
                    }
                }
            }

            return received;
        }
    }
}

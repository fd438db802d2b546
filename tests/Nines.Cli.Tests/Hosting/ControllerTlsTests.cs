using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Nines.Agent.Hosting;
using Nines.Cli.Hosting;
using Nines.Cli.Remote;
using Nines.Contracts.Security;

namespace Nines.Cli.Tests.Hosting;

/// <summary>The controller's HTTPS: the data directory's CA, given certificates, the loopback rule, and the CLI's trust.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ControllerTlsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("nines-cli-tls-").FullName;

    private string Data => Path.Combine(_root, "data");

    [Fact]
    public async Task StartAsync_NonLoopbackListenWithoutTls_IsRefusedBeforeAnythingListens()
    {
        var refused = await Should.ThrowAsync<ArgumentException>(() => ControlPlaneServer.StartAsync(
            new ControlPlaneServerOptions { DataDirectory = Data, Listen = "0.0.0.0:0", Driver = EmbeddedDriverKind.Fake }, CancellationToken.None));

        refused.Message.ShouldContain("not a loopback address");
        refused.Message.ShouldContain("--insecure-http");
        refused.Message.ShouldContain("--tls");
        ControllerInfo.TryRead(Data).ShouldBeNull();
    }

    [Fact]
    public async Task Up_NonLoopbackListenWithoutTls_ExitsWithUsageNamingTheWaysOut()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var context = new CliContext(output, error, Interactive: false, Environment: _ => null);

        var exit = await NinesCli.RunAsync(["up", "--data", Data, "--driver", "fake", "--netns", "none", "--listen", "0.0.0.0:0"], context, timeout.Token);

        exit.ShouldBe(2, output.ToString() + error);
        error.ToString().ShouldContain("--listen \"0.0.0.0:0\" is not a loopback address");
        error.ToString().ShouldContain("--insecure-http");
    }

    [Fact]
    public async Task StartAsync_Tls_ServesHttpsFromANewOwnerOnlyCaInTheDataDirectory()
    {
        await using var host = await StartAsync(Data, new ControlPlaneServerOptions { Tls = true });

        host.Url.Scheme.ShouldBe("https");
        var tls = NinesCertificateAuthority.DirectoryIn(Data);
        File.GetUnixFileMode(Path.Combine(tls, NinesCertificateAuthority.KeyFileName)).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.GetUnixFileMode(tls).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var status = await CliRunner.RunWithEnvironmentAsync(new Dictionary<string, string>(), "status", "--data", Data);
        status.ExitCode.ShouldBe(0, status.Out + status.Error);
    }

    [Fact]
    public async Task Status_ServerCertificateFromAnotherCa_IsRefusedUntilThatCaIsTrusted()
    {
        await using var host = await StartAsync(Data, new ControlPlaneServerOptions { Tls = true });
        var other = Path.Combine(_root, "other");
        using (NinesCertificateAuthority.LoadOrCreate(NinesCertificateAuthority.DirectoryIn(other), TimeProvider.System))
        {
            // The other data directory has a CA of its own, which did not issue this server's certificate.
        }

        var refused = await CliRunner.RunWithEnvironmentAsync(new Dictionary<string, string>(), "status", "--controller", host.Url.ToString(), "--token", host.AdminToken, "--data", other);
        var trusted = await CliRunner.RunWithEnvironmentAsync(
            new Dictionary<string, string> { [ControllerTrust.CaVariable] = NinesCertificateAuthority.CertificatePathIn(Data) },
            "status", "--controller", host.Url.ToString(), "--token", host.AdminToken, "--data", other);

        refused.ExitCode.ShouldBe(3, refused.Out + refused.Error);
        refused.Error.ShouldContain("does not answer");
        trusted.ExitCode.ShouldBe(0, trusted.Out + trusted.Error);
        using var machineTrust = new HttpClient();
        await Should.ThrowAsync<HttpRequestException>(() => machineTrust.GetAsync(new Uri(host.Url, "v1/health")));
    }

    [Fact]
    public async Task StartAsync_TlsCertificateFiles_ServesThatCertificate()
    {
        var (caFile, certificateFile, keyFile, served) = WriteOwnCertificate();
        await using var host = await StartAsync(Data, new ControlPlaneServerOptions { TlsCertificateFile = certificateFile, TlsKeyFile = keyFile });
        X509Certificate2? seen = null;
        using var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
        {
            seen = new X509Certificate2(certificate!);
            return ControllerTrust.Accepts(seen, errors, [X509Certificate2.CreateFromPem(File.ReadAllText(caFile))], TimeProvider.System.GetUtcNow());
        };
        using var client = new HttpClient(handler);

        (await client.GetAsync(new Uri(host.Url, "v1/health"))).IsSuccessStatusCode.ShouldBeTrue();
        seen!.Thumbprint.ShouldBe(served);
    }

    [Fact]
    public void Accepts_ChainToTheCaButAnotherName_IsRefused()
    {
        using var ca = NinesCertificateAuthority.LoadOrCreate(Path.Combine(_root, "ca"), TimeProvider.System);
        using var server = ca.IssueServer(["controller.example"]);

        ControllerTrust.Accepts(server, SslPolicyErrors.RemoteCertificateChainErrors, [ca.Certificate], TimeProvider.System.GetUtcNow()).ShouldBeTrue();
        ControllerTrust.Accepts(server, SslPolicyErrors.RemoteCertificateChainErrors | SslPolicyErrors.RemoteCertificateNameMismatch, [ca.Certificate], TimeProvider.System.GetUtcNow()).ShouldBeFalse();
        ControllerTrust.Accepts(server, SslPolicyErrors.RemoteCertificateChainErrors, [], TimeProvider.System.GetUtcNow()).ShouldBeFalse();
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static Task<ControlPlaneServer> StartAsync(string data, ControlPlaneServerOptions tls) =>
        ControlPlaneServer.StartAsync(tls with { DataDirectory = data, Listen = "127.0.0.1:0", Driver = EmbeddedDriverKind.Fake }, CancellationToken.None);

    /// <summary>A CA of the operator's own and a server certificate from it for 127.0.0.1, as PEM files.</summary>
    private (string Ca, string Certificate, string Key, string Thumbprint) WriteOwnCertificate()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=operator CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        var now = TimeProvider.System.GetUtcNow();
        using var ca = caRequest.CreateSelfSigned(now.AddHours(-1), now.AddDays(1));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=operator controller", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(NinesIdentity.ServerAuthOid)], false));
        using var server = request.Create(ca, now.AddHours(-1), now.AddDays(1), [1, 2, 3, 4]);
        var files = (Path.Combine(_root, "op-ca.crt"), Path.Combine(_root, "op.crt"), Path.Combine(_root, "op.key"));
        File.WriteAllText(files.Item1, ca.ExportCertificatePem());
        File.WriteAllText(files.Item2, server.ExportCertificatePem());
        File.WriteAllText(files.Item3, key.ExportPkcs8PrivateKeyPem());
        return (files.Item1, files.Item2, files.Item3, server.Thumbprint);
    }
}

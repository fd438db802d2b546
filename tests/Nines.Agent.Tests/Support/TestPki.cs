using System.Security.Cryptography.X509Certificates;
using Nines.Contracts.Security;

namespace Nines.Agent.Tests.Support;

/// <summary>The tests' cluster CA (a real one, in a temporary directory) and credentials issued by it.</summary>
internal static class TestPki
{
    private static readonly Lazy<NinesCertificateAuthority> _authority = new(() =>
        NinesCertificateAuthority.LoadOrCreate(Path.Combine(Directory.CreateTempSubdirectory("nines-test-ca-").FullName, "tls"), TimeProvider.System));

    private static readonly Lazy<TlsCredentials> _controller = new(() => new TlsCredentials(Authority.IssueController(), Authority.Certificate));

    public static NinesCertificateAuthority Authority => _authority.Value;

    /// <summary>The controller's client certificate.</summary>
    public static TlsCredentials Controller => _controller.Value;

    /// <summary>A new certificate for the agent of <paramref name="host"/>.</summary>
    public static TlsCredentials Agent(string host) => new(Authority.IssueAgent(host), Authority.Certificate);

    /// <summary>
    /// A raw HTTP client that believes only the agent of <paramref name="host"/> (as the controller does) and presents
    /// <paramref name="clientCertificate"/> (none when null).
    /// </summary>
    public static HttpClient Client(string host, X509Certificate2? clientCertificate)
    {
        var handler = new SocketsHttpHandler();
        if (clientCertificate is not null)
        {
            handler.SslOptions.ClientCertificates = new X509CertificateCollection { clientCertificate };
            handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCertificate;
        }

        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            NinesIdentity.Verify(certificate as X509Certificate2, Authority.Certificate, NinesIdentity.Agent(host), CertificateUsage.Server, TimeProvider.System.GetUtcNow()) is null;
        return new HttpClient(handler);
    }
}

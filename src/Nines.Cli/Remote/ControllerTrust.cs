using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Nines.Contracts.Security;

namespace Nines.Cli.Remote;

/// <summary>
/// Which controllers the CLI believes over HTTPS: a server certificate the machine trusts, or one that chains to the
/// CA of the data directory (<c>DATA/tls/ca.crt</c>, the one <c>nines up</c> made) or to the CA in the file
/// <c>NINES_CA_CERT</c> names (a copy of it on another machine). The name must always match the URL's host; there
/// is no way to accept any certificate.
/// </summary>
internal static class ControllerTrust
{
    /// <summary>The variable naming a CA certificate file (PEM) to trust besides the data directory's.</summary>
    public const string CaVariable = "NINES_CA_CERT";

    /// <summary>A client of the controller at <paramref name="url"/> that verifies its certificate against <paramref name="authorities"/>.</summary>
    public static NinesApiClient Client(Uri url, string? token, IReadOnlyList<X509Certificate2> authorities)
    {
        ArgumentNullException.ThrowIfNull(url);
        return new NinesApiClient(url, token, Handler(authorities), disposeHandler: true);
    }

    /// <summary>The CAs to trust: the data directory's and <c>NINES_CA_CERT</c>'s, those that exist and read.</summary>
    public static IReadOnlyList<X509Certificate2> Authorities(CliContext context, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(context);
        var found = new List<X509Certificate2>();
        if (NinesCertificateAuthority.TryReadCertificate(dataDirectory) is { } own)
        {
            found.Add(own);
        }

        if (context.Variable(CaVariable) is { Length: > 0 } file)
        {
            try
            {
                found.Add(X509Certificate2.CreateFromPem(File.ReadAllText(file)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
            {
                // Not trusted: the connection will then be refused with the certificate named.
            }
        }

        return found;
    }

    /// <summary>An HTTP handler verifying the server against the machine's roots or <paramref name="authorities"/>.</summary>
    public static SocketsHttpHandler Handler(IReadOnlyList<X509Certificate2> authorities)
    {
        ArgumentNullException.ThrowIfNull(authorities);
        var handler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            Accepts(certificate as X509Certificate2, errors, authorities, TimeProvider.System.GetUtcNow());
        return handler;
    }

    /// <summary>
    /// Whether a server certificate is believed: the platform found nothing wrong, or its only complaint is the chain
    /// and the certificate chains to one of <paramref name="authorities"/> for server use. A name mismatch never passes.
    /// </summary>
    public static bool Accepts(X509Certificate2? certificate, SslPolicyErrors errors, IReadOnlyList<X509Certificate2> authorities, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(authorities);
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (errors != SslPolicyErrors.RemoteCertificateChainErrors || certificate is null)
        {
            return false;
        }

        foreach (var authority in authorities)
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(authority);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.VerificationTime = now.UtcDateTime;
            chain.ChainPolicy.ApplicationPolicy.Add(new Oid(NinesIdentity.ServerAuthOid));
            if (chain.Build(certificate) && chain.ChainElements[^1].Certificate.RawDataMemory.Span.SequenceEqual(authority.RawDataMemory.Span))
            {
                return true;
            }
        }

        return false;
    }
}

using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Nines.Contracts.Security;

namespace Nines.Cli.Hosting;

/// <summary>
/// The HTTPS side of a controller: the cluster's CA (<c>DATA/tls</c>, or the directory <c>--ca</c> names, created on
/// the first start) and the API's server certificate — the one <c>--tls-cert</c>/<c>--tls-key</c> give, or a new one
/// from the CA for the listen address, <c>localhost</c>, <c>127.0.0.1</c>, <c>::1</c> and the machine's name.
/// </summary>
internal sealed class ControllerTls : IDisposable
{
    private ControllerTls(NinesCertificateAuthority authority, X509Certificate2 serverCertificate)
    {
        Authority = authority;
        ServerCertificate = serverCertificate;
    }

    public NinesCertificateAuthority Authority { get; }

    /// <summary>The certificate Kestrel serves the API with (with its key).</summary>
    public X509Certificate2 ServerCertificate { get; }

    /// <exception cref="InvalidDataException">The CA or the given certificate files do not read.</exception>
    public static ControllerTls Start(ControlPlaneServerOptions options, string dataDirectory, string listenUrl, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        var ownDirectory = NinesCertificateAuthority.DirectoryIn(dataDirectory);
        var caDirectory = options.CaDirectory is { } given ? Path.GetFullPath(given) : ownDirectory;
        var authority = NinesCertificateAuthority.LoadOrCreate(caDirectory, time);
        try
        {
            if (caDirectory != ownDirectory)
            {
                // The CLI finds the CA to trust in the data directory, whichever directory holds the key.
                Directory.CreateDirectory(ownDirectory);
                PrivatePemFile.Write(NinesCertificateAuthority.CertificatePathIn(dataDirectory), authority.Certificate.ExportCertificatePem(), owner: false);
            }

            var server = options.TlsCertificateFile is { } certificate
                ? Load(certificate, options.TlsKeyFile!)
                : authority.IssueServer(Names(new Uri(listenUrl).Host));
            return new ControllerTls(authority, server);
        }
        catch
        {
            authority.Dispose();
            throw;
        }
    }

    /// <summary>The HTTPS URL for an <c>http://HOST:PORT</c> listen URL.</summary>
    public static string HttpsUrl(string listenUrl)
    {
        ArgumentNullException.ThrowIfNull(listenUrl);
        return $"https://{new Uri(listenUrl).Authority}";
    }

    public void Dispose()
    {
        ServerCertificate.Dispose();
        Authority.Dispose();
    }

    private static IEnumerable<string> Names(string listenHost)
    {
        var host = listenHost.Trim('[', ']');
        if (!(IPAddress.TryParse(host, out var address) && (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))))
        {
            yield return host;
        }

        yield return "localhost";
        yield return "127.0.0.1";
        yield return "::1";
        yield return Dns.GetHostName();
    }

    private static X509Certificate2 Load(string certificateFile, string keyFile)
    {
        try
        {
            using var loaded = X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
            return X509CertificateLoader.LoadPkcs12(loaded.Export(X509ContentType.Pkcs12), null);
        }
        catch (CryptographicException e)
        {
            throw new InvalidDataException($"--tls-cert {certificateFile} / --tls-key {keyFile}: not a PEM certificate and its private key: {e.Message}", e);
        }
    }
}

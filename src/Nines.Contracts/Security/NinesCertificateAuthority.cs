using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Nines.Contracts.Security;

/// <summary>
/// The certificate authority a controller keeps in its data directory (<c>DATA/tls/ca.key</c>, 0600, and
/// <c>DATA/tls/ca.crt</c>), created on its first start. It issues the API's server certificate, the controller's
/// client certificate for agents, and each agent's certificate (from the agent's signing request, for the host name
/// its join token names). The CA key never leaves the directory; agents and the CLI only get <c>ca.crt</c>.
/// </summary>
public sealed class NinesCertificateAuthority : IDisposable
{
    /// <summary>The directory under the data directory holding the CA.</summary>
    public const string DirectoryName = "tls";

    /// <summary>The CA certificate (public; clients trust it).</summary>
    public const string CertificateFileName = "ca.crt";

    /// <summary>The CA private key (PKCS#8 PEM, 0600).</summary>
    public const string KeyFileName = "ca.key";

    private static readonly TimeSpan _leafLifetime = TimeSpan.FromDays(365);
    private static readonly TimeSpan _caLifetime = TimeSpan.FromDays(3650);
    private static readonly TimeSpan _backdate = TimeSpan.FromMinutes(5);
    private readonly ECDsa _key;
    private readonly TimeProvider _time;

    private NinesCertificateAuthority(X509Certificate2 certificate, ECDsa key, TimeProvider time)
    {
        Certificate = certificate;
        _key = key;
        _time = time;
    }

    /// <summary>The CA certificate (without its key).</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The CA certificate's SHA-256 (base64url), which join tokens carry so an agent can pin the controller.</summary>
    public string Fingerprint => FingerprintOf(Certificate);

    /// <summary><c>DATA/tls</c>.</summary>
    public static string DirectoryIn(string dataDirectory) => Path.Combine(dataDirectory, DirectoryName);

    /// <summary><c>DATA/tls/ca.crt</c>: what a client of the controller trusts.</summary>
    public static string CertificatePathIn(string dataDirectory) => Path.Combine(DirectoryIn(dataDirectory), CertificateFileName);

    /// <summary>SHA-256 of the certificate's DER bytes, base64url without padding.</summary>
    public static string FingerprintOf(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return Convert.ToBase64String(SHA256.HashData(certificate.RawData)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>The CA in <paramref name="directory"/> (<c>DATA/tls</c>, or a copy shared by a cluster's controllers), created when it holds none.</summary>
    /// <exception cref="InvalidDataException">Only one of the two files exists, or they do not read or do not match.</exception>
    public static NinesCertificateAuthority LoadOrCreate(string directory, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(time);
        var certificatePath = Path.Combine(directory, CertificateFileName);
        var keyPath = Path.Combine(directory, KeyFileName);
        var haveCertificate = File.Exists(certificatePath);
        var haveKey = File.Exists(keyPath);
        if (haveCertificate != haveKey)
        {
            throw new InvalidDataException($"{directory}: {(haveKey ? CertificateFileName : KeyFileName)} is missing beside {(haveKey ? KeyFileName : CertificateFileName)}; restore it, or remove the directory to make a new CA (every agent must then join again)");
        }

        return haveKey ? Load(certificatePath, keyPath, time) : Create(directory, certificatePath, keyPath, time);
    }

    /// <summary>The CA certificate in <paramref name="dataDirectory"/>, or null when there is none or it does not read.</summary>
    public static X509Certificate2? TryReadCertificate(string dataDirectory)
    {
        try
        {
            return X509Certificate2.CreateFromPem(File.ReadAllText(CertificatePathIn(dataDirectory)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            return null;
        }
    }

    /// <summary>A server certificate (with its key) for the controller's API, valid for <paramref name="names"/> (DNS names or IP addresses).</summary>
    public X509Certificate2 IssueServer(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in names.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (IPAddress.TryParse(name, out var address))
            {
                san.AddIpAddress(address);
            }
            else
            {
                san.AddDnsName(name);
            }
        }

        var request = Leaf("CN=nines controller API", key, san, NinesIdentity.ServerAuthOid);
        return WithKey(Sign(request), key);
    }

    /// <summary>The client certificate (with its key) a controller presents to agents: identity <see cref="NinesIdentity.Controller"/>.</summary>
    public X509Certificate2 IssueController()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(new Uri(NinesIdentity.Controller));
        return WithKey(Sign(Leaf("CN=nines controller", key, san, NinesIdentity.ClientAuthOid)), key);
    }

    /// <summary>An agent's certificate with a new key, for an agent that runs in the controller's own process (or a test).</summary>
    public X509Certificate2 IssueAgent(string hostName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return WithKey(Sign(AgentRequest(hostName, key)), key);
    }

    /// <summary>
    /// Signs an agent's PEM signing request for <paramref name="hostName"/>: only its public key is taken (after its
    /// signature is checked); the subject, names and usages are ours, whatever the request asked for.
    /// </summary>
    /// <exception cref="ArgumentException">The request does not read or its signature does not verify.</exception>
    public X509Certificate2 SignAgentRequest(string hostName, string requestPem)
    {
        var loaded = ReadRequest(requestPem);
        var request = new CertificateRequest(Subject(hostName), loaded.PublicKey, HashAlgorithmName.SHA256);
        AddLeafExtensions(request, AgentNames(hostName), NinesIdentity.ServerAuthOid, NinesIdentity.ClientAuthOid);
        return Sign(request);
    }

    /// <summary>The signing request in <paramref name="requestPem"/>, its signature checked.</summary>
    /// <exception cref="ArgumentException">It does not read, or its signature does not verify.</exception>
    public static CertificateRequest ReadRequest(string requestPem)
    {
        ArgumentNullException.ThrowIfNull(requestPem);
        try
        {
            return CertificateRequest.LoadSigningRequestPem(requestPem, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.Default);
        }
        catch (CryptographicException e)
        {
            throw new ArgumentException($"not a signed PEM certificate request: {e.Message}", nameof(requestPem), e);
        }
    }

    /// <summary>A signing request (PEM) for <paramref name="hostName"/>'s agent over <paramref name="key"/>.</summary>
    public static string CreateAgentRequestPem(string hostName, ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return AgentRequest(hostName, key).CreateSigningRequestPem();
    }

    public void Dispose()
    {
        _key.Dispose();
        Certificate.Dispose();
    }

    private static CertificateRequest AgentRequest(string hostName, ECDsa key)
    {
        var request = new CertificateRequest(Subject(hostName), key, HashAlgorithmName.SHA256);
        AddLeafExtensions(request, AgentNames(hostName), NinesIdentity.ServerAuthOid, NinesIdentity.ClientAuthOid);
        return request;
    }

    private static X500DistinguishedName Subject(string hostName)
    {
        ArgumentException.ThrowIfNullOrEmpty(hostName);
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCommonName(hostName);
        builder.AddOrganizationalUnitName("nines agent");
        return builder.Build();
    }

    private static SubjectAlternativeNameBuilder AgentNames(string hostName)
    {
        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(new Uri(NinesIdentity.Agent(hostName)));
        return san;
    }

    private static CertificateRequest Leaf(string subject, ECDsa key, SubjectAlternativeNameBuilder san, string usage)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        AddLeafExtensions(request, san, usage);
        return request;
    }

    private static void AddLeafExtensions(CertificateRequest request, SubjectAlternativeNameBuilder san, params string[] usages)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        var oids = new OidCollection();
        foreach (var usage in usages)
        {
            oids.Add(new Oid(usage));
        }

        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(oids, false));
        request.CertificateExtensions.Add(san.Build(critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
    }

    private X509Certificate2 Sign(CertificateRequest request)
    {
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var now = _time.GetUtcNow();
        var notAfter = now + _leafLifetime < Certificate.NotAfter.ToUniversalTime() ? now + _leafLifetime : new DateTimeOffset(Certificate.NotAfter.ToUniversalTime());
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        return request.Create(Certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(_key), now - _backdate, notAfter, serial);
    }

    // Through PKCS#12, so the key is usable by TLS on every platform (an ephemeral key is not, on some).
    private static X509Certificate2 WithKey(X509Certificate2 certificate, ECDsa key)
    {
        using (certificate)
        {
            using var withKey = certificate.CopyWithPrivateKey(key);
            return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        }
    }

    private static NinesCertificateAuthority Load(string certificatePath, string keyPath, TimeProvider time)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(File.ReadAllText(keyPath));
            var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(certificatePath));
            using var publicKey = certificate.GetECDsaPublicKey();
            if (publicKey is null || !publicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo()))
            {
                certificate.Dispose();
                throw new InvalidDataException($"{certificatePath} is not the certificate of the key in {keyPath}");
            }

            return new NinesCertificateAuthority(certificate, key, time);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            key.Dispose();
            throw new InvalidDataException($"{Path.GetDirectoryName(keyPath)}: the CA does not read: {e.Message}", e);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    private static NinesCertificateAuthority Create(string directory, string certificatePath, string keyPath, TimeProvider time)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCommonName($"Nines CA {Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}");
        var request = new CertificateRequest(builder.Build(), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = time.GetUtcNow();
        using var selfSigned = request.CreateSelfSigned(now - _backdate, now + _caLifetime);
        var certificate = X509CertificateLoader.LoadCertificate(selfSigned.RawData);

        // The key first, created owner-only by the open call itself; the certificate last, so a CA whose certificate
        // exists is complete.
        PrivatePemFile.Write(keyPath, key.ExportPkcs8PrivateKeyPem(), owner: true);
        PrivatePemFile.Write(certificatePath, certificate.ExportCertificatePem(), owner: false);
        return new NinesCertificateAuthority(certificate, key, time);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Nines.Testing;

/// <summary>
/// A throwaway PKI and etcd user for tests of a secured etcd: a CA, a server certificate for 127.0.0.1, a client
/// certificate, all written as PEM files into <see cref="Directory"/>, and <see cref="EnableAuthAsync"/>, which
/// turns etcd's authentication on through its JSON gateway (root user, then a user limited to what it is granted).
/// </summary>
public sealed class EtcdTestSecurity : IDisposable
{
    private EtcdTestSecurity(string directory, X509Certificate2 authority, X509Certificate2 client)
    {
        Directory = directory;
        Authority = authority;
        Client = client;
    }

    /// <summary>Where the PEM files are.</summary>
    public string Directory { get; }

    /// <summary>The CA (public part) that signed the server and client certificates.</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>The client certificate with its private key.</summary>
    public X509Certificate2 Client { get; }

    public string AuthorityFile => Path.Combine(Directory, "ca.crt");

    public string ServerCertificateFile => Path.Combine(Directory, "server.crt");

    public string ServerKeyFile => Path.Combine(Directory, "server.key");

    public string ClientCertificateFile => Path.Combine(Directory, "client.crt");

    public string ClientKeyFile => Path.Combine(Directory, "client.key");

    /// <summary>
    /// A new CA with a server certificate for 127.0.0.1/localhost and a client certificate whose subject is
    /// <paramref name="clientSubject"/>. The default has no common name: etcd's gateway refuses a client
    /// certificate with one once authentication is on (it could not pass the name on as the user).
    /// </summary>
    public static EtcdTestSecurity Create(string clientSubject = "O=nines, OU=etcd client")
    {
        var directory = Path.Combine(Path.GetTempPath(), "nines-etcd-pki-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(directory);
        var now = TimeProvider.System.GetUtcNow().AddMinutes(-5);
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=nines test etcd CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(now, now.AddDays(2));

        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        // etcd's JSON gateway calls its own gRPC server with the server certificate as a client certificate
        // when clients must show one, so the server certificate needs client authentication too.
        using var server = Issue(ca, "CN=127.0.0.1", [ServerAuth, ClientAuth], names, now, out var serverKey);
        using var client = Issue(ca, clientSubject, [ClientAuth], null, now, out var clientKey);
        using (serverKey)
        using (clientKey)
        {
            File.WriteAllText(Path.Combine(directory, "ca.crt"), ca.ExportCertificatePem());
            File.WriteAllText(Path.Combine(directory, "server.crt"), server.ExportCertificatePem());
            File.WriteAllText(Path.Combine(directory, "server.key"), serverKey.ExportPkcs8PrivateKeyPem());
            File.WriteAllText(Path.Combine(directory, "client.crt"), client.ExportCertificatePem());
            File.WriteAllText(Path.Combine(directory, "client.key"), clientKey.ExportPkcs8PrivateKeyPem());
        }

        return new EtcdTestSecurity(
            directory,
            X509CertificateLoader.LoadCertificate(ca.RawData),
            X509Certificate2.CreateFromPemFile(Path.Combine(directory, "client.crt"), Path.Combine(directory, "client.key")));
    }

    /// <summary>
    /// Turns on etcd's authentication: a root user (password <paramref name="rootPassword"/>), and
    /// <paramref name="user"/> with read-write on every key. Talks TLS with the client certificate when the URL is https.
    /// </summary>
    public async Task EnableAuthAsync(Uri clientUrl, string user, string password, string rootPassword = "root-secret")
    {
        using var http = new HttpClient(Handler()) { BaseAddress = clientUrl, Timeout = TimeSpan.FromSeconds(20) };
        await CallAsync(http, "/v3/auth/user/add", new { name = "root", password = rootPassword });
        await CallAsync(http, "/v3/auth/role/add", new { name = "root" });
        await CallAsync(http, "/v3/auth/user/grant", new { user = "root", role = "root" });
        await CallAsync(http, "/v3/auth/user/add", new { name = user, password });
        await CallAsync(http, "/v3/auth/role/add", new { name = "nines-rw" });
        var everything = Convert.ToBase64String([0]);
        await CallAsync(http, "/v3/auth/role/grant", new { name = "nines-rw", perm = new { permType = "READWRITE", key = everything, range_end = everything } });
        await CallAsync(http, "/v3/auth/user/grant", new { user, role = "nines-rw" });
        await CallAsync(http, "/v3/auth/enable", new { });
    }

    /// <summary>A token of <paramref name="user"/>, asked for directly (to watch when etcd lets tokens expire).</summary>
    public async Task<string> LogInAsync(Uri clientUrl, string user, string password)
    {
        using var http = new HttpClient(Handler()) { BaseAddress = clientUrl, Timeout = TimeSpan.FromSeconds(20) };
        var body = await CallAsync(http, "/v3/auth/authenticate", new { name = user, password });
        var start = body.IndexOf("\"token\":\"", StringComparison.Ordinal) + 9;
        return body[start..body.IndexOf('"', start)];
    }

    /// <summary>True while etcd still accepts <paramref name="token"/> for a read.</summary>
    public async Task<bool> AcceptsTokenAsync(Uri clientUrl, string token)
    {
        using var http = new HttpClient(Handler()) { BaseAddress = clientUrl, Timeout = TimeSpan.FromSeconds(20) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v3/kv/range") { Content = JsonContent.Create(new { key = Convert.ToBase64String(Encoding.UTF8.GetBytes("probe")) }) };
        request.Headers.TryAddWithoutValidation("Authorization", token);
        using var response = await http.SendAsync(request);
        return response.IsSuccessStatusCode;
    }

    public void Dispose()
    {
        Authority.Dispose();
        Client.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    private static X509Certificate2 Issue(X509Certificate2 ca, string subject, string[] usages, SubjectAlternativeNameBuilder? names, DateTimeOffset now, out ECDsa key)
    {
        key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, true));
        var oids = new OidCollection();
        foreach (var usage in usages)
        {
            oids.Add(new Oid(usage));
        }

        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(oids, false));
        if (names is not null)
        {
            request.CertificateExtensions.Add(names.Build());
        }

        return request.Create(ca, now, now.AddDays(1), RandomNumberGenerator.GetBytes(12));
    }

    private static async Task<string> CallAsync(HttpClient http, string path, object body)
    {
        using var response = await http.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode ? text : throw new InvalidOperationException($"etcd refused {path}: HTTP {(int)response.StatusCode} {text}");
    }

    private SocketsHttpHandler Handler() => new()
    {
        UseProxy = false,
        SslOptions =
        {
            ClientCertificates = [Client],
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            {
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(Authority);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return certificate is X509Certificate2 presented && chain.Build(presented);
            },
        },
    };
}

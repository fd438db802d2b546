using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Nines.Contracts.Security;

/// <summary>
/// One side's mutual TLS material: its own certificate (with the private key) and the cluster's CA, the only
/// authority the peer's certificate may chain to. An agent's lives in <c>AGENT-DATA/tls/</c> (<c>agent.key</c> 0600,
/// <c>agent.crt</c>, <c>ca.crt</c>), written when it joins; the controller's is issued by its CA at each start.
/// </summary>
/// <param name="Certificate">This side's certificate, with its private key.</param>
/// <param name="Authority">The cluster's CA certificate.</param>
public sealed record TlsCredentials(X509Certificate2 Certificate, X509Certificate2 Authority)
{
    /// <summary>The directory under an agent's data directory.</summary>
    public const string DirectoryName = "tls";

    private const string KeyFile = "agent.key";
    private const string CertificateFile = "agent.crt";
    private const string AuthorityFile = "ca.crt";

    /// <summary><c>AGENT-DATA/tls</c>.</summary>
    public static string DirectoryIn(string agentDataDirectory) => Path.Combine(agentDataDirectory, DirectoryName);

    /// <summary>The host name an agent certificate speaks for, or null when it names no agent.</summary>
    public string? AgentHost => NinesIdentity.UrisOf(Certificate).Select(NinesIdentity.AgentHostOf).FirstOrDefault(h => h is not null);

    /// <summary>The credentials an agent saved in <paramref name="agentDataDirectory"/>, or null when it has not joined yet.</summary>
    /// <exception cref="InvalidDataException">Some of the files exist but they do not read together.</exception>
    public static TlsCredentials? TryLoad(string agentDataDirectory)
    {
        var directory = DirectoryIn(agentDataDirectory);
        var files = new[] { KeyFile, CertificateFile, AuthorityFile }.Select(f => Path.Combine(directory, f)).ToArray();
        if (!files.Any(File.Exists))
        {
            return null;
        }

        try
        {
            using var loaded = X509Certificate2.CreateFromPemFile(files[1], files[0]);
            var certificate = X509CertificateLoader.LoadPkcs12(loaded.Export(X509ContentType.Pkcs12), null);
            return new TlsCredentials(certificate, X509Certificate2.CreateFromPem(File.ReadAllText(files[2])));
        }
        catch (Exception e) when (e is CryptographicException or IOException or ArgumentException)
        {
            throw new InvalidDataException($"{directory}: the agent's certificate, key and CA do not read together ({e.Message}); remove the directory and join again with a new token", e);
        }
    }

    /// <summary>Writes an agent's key (0600), certificate and CA to <paramref name="agentDataDirectory"/><c>/tls</c> and loads them.</summary>
    public static TlsCredentials Save(string agentDataDirectory, string keyPem, string certificatePem, string authorityPem)
    {
        var directory = DirectoryIn(agentDataDirectory);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        PrivatePemFile.Write(Path.Combine(directory, KeyFile), keyPem, owner: true);
        PrivatePemFile.Write(Path.Combine(directory, AuthorityFile), authorityPem, owner: false);
        PrivatePemFile.Write(Path.Combine(directory, CertificateFile), certificatePem, owner: false);
        return TryLoad(agentDataDirectory)!;
    }
}

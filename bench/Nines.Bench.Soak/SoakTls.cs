using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Nines.Contracts.Security;

namespace Nines.Bench.Soak;

/// <summary>
/// How the soak talks over TLS: the controllers' CA files it trusts (a cluster controller serves HTTPS with its data
/// directory's CA) and, to ask agents directly, a controller client certificate from that CA (the soak runs as the
/// controller's owner, so it can read the CA key as the controller does).
/// </summary>
internal static class SoakTls
{
    private static readonly List<string> _caFiles = [];

    /// <summary>Trusts the CA certificate in <paramref name="caFile"/> (read when a connection is checked: it may not exist yet).</summary>
    public static void Trust(string caFile)
    {
        lock (_caFiles)
        {
            _caFiles.Add(caFile);
        }
    }

    /// <summary>A handler that believes the machine's roots or a trusted CA file; never any certificate.</summary>
    public static SocketsHttpHandler Handler()
    {
        var handler = new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.FromSeconds(30) };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            errors == SslPolicyErrors.None || (errors == SslPolicyErrors.RemoteCertificateChainErrors && certificate is X509Certificate2 presented && Authorities().Any(ca => ChainsTo(presented, ca)));
        return handler;
    }

    /// <summary>A handler for the agents of the cluster whose CA is in <paramref name="caDirectory"/>: the controller's client certificate, agents' server certificates checked.</summary>
    public static SocketsHttpHandler AgentHandler(string caDirectory)
    {
        using var authority = NinesCertificateAuthority.LoadOrCreate(caDirectory, TimeProvider.System);
        var client = authority.IssueController();
        var ca = X509CertificateLoader.LoadCertificate(authority.Certificate.RawData);
        var handler = new SocketsHttpHandler { UseProxy = false };
        handler.SslOptions.ClientCertificates = new X509CertificateCollection { client };
        handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => client;
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            certificate is X509Certificate2 presented && NinesIdentity.UrisOf(presented).Select(NinesIdentity.AgentHostOf).OfType<string>()
                .Any(host => NinesIdentity.Verify(presented, ca, NinesIdentity.Agent(host), CertificateUsage.Server, TimeProvider.System.GetUtcNow()) is null);
        return handler;
    }

    private static List<X509Certificate2> Authorities()
    {
        lock (_caFiles)
        {
            return [.. _caFiles.Where(File.Exists).Select(f => X509Certificate2.CreateFromPem(File.ReadAllText(f)))];
        }
    }

    private static bool ChainsTo(X509Certificate2 certificate, X509Certificate2 authority)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }
}

using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Nines.Store.Etcd;

/// <summary>
/// TLS toward etcd members: the client certificate shown to members that require one and, when the cluster
/// has its own CA, a server check against exactly that CA (the host name must match too); otherwise the
/// system's trust store decides.
/// </summary>
internal static class EtcdTls
{
    /// <summary>The handler's TLS options for <paramref name="options"/>.</summary>
    public static SslClientAuthenticationOptions ClientOptions(EtcdStoreOptions options)
    {
        var tls = new SslClientAuthenticationOptions();
        if (options.ClientCertificate is { } client)
        {
            tls.ClientCertificates = [client];
            tls.LocalCertificateSelectionCallback = (_, _, _, _, _) => client;
        }

        if (options.TrustedAuthorities is { Count: > 0 } roots)
        {
            tls.RemoteCertificateValidationCallback = (_, certificate, _, errors) => IsTrusted(certificate, errors, roots);
        }

        return tls;
    }

    /// <summary>True when <paramref name="certificate"/> names the host and chains to one of <paramref name="roots"/>.</summary>
    internal static bool IsTrusted(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection roots)
    {
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNotAvailable | SslPolicyErrors.RemoteCertificateNameMismatch)) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (certificate is X509Certificate2 full)
        {
            return chain.Build(full);
        }

        using var copy = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(copy);
    }
}

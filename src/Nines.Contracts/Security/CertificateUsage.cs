namespace Nines.Contracts.Security;

/// <summary>What a certificate is checked for: serving TLS, or presenting itself as a TLS client.</summary>
public enum CertificateUsage
{
    /// <summary>The peer serves (an agent the controller calls).</summary>
    Server,

    /// <summary>The peer is a client (the controller calling an agent).</summary>
    Client,
}

namespace Nines.Contracts.Security;

/// <summary>What an agent sends once to join (<c>POST /v1/agents/join</c>): the one-time token and a PEM signing request over its new key.</summary>
/// <param name="Token">The join token <c>nines host join-token</c> printed (<c>nj1.ID.SECRET</c>).</param>
/// <param name="CertificateRequest">A PKCS#10 request (PEM); only its public key is used.</param>
public sealed record AgentJoinRequest(string Token, string CertificateRequest);

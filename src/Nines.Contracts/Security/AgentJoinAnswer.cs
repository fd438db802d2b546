namespace Nines.Contracts.Security;

/// <summary>The controller's answer to a join: the agent's certificate for the host the token names, and the CA it trusts from then on.</summary>
/// <param name="Host">The host name the certificate is for (the token's).</param>
/// <param name="Certificate">The agent's certificate (PEM), identity <c>urn:nines:agent:HOST</c>, for server and client use.</param>
/// <param name="Authority">The cluster's CA certificate (PEM): the controller's client certificate chains to it.</param>
public sealed record AgentJoinAnswer(string Host, string Certificate, string Authority);

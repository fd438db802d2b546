using Nines.Api.Auth;
using Nines.Api.Contracts;
using Nines.Contracts.Security;

namespace Nines.Cli.Remote;

/// <summary>Agent identity: join tokens (admin) and the join itself (anonymous, the token is the credential).</summary>
public sealed partial class NinesApiClient
{
    /// <summary>Mints a one-time join token for the agent of <paramref name="host"/>; <paramref name="expires"/> like <c>30m</c>, null for the default hour.</summary>
    public Task<ApiResult<IssuedJoinToken>> CreateJoinTokenAsync(string host, string? expires, CancellationToken cancellationToken) =>
        SendAsync<IssuedJoinToken>(HttpMethod.Post, "v1/agents/join-tokens", new CreateJoinTokenRequest(host, expires), cancellationToken);

    /// <summary>Presents a join token with a signing request; the answer holds the agent's certificate and the CA.</summary>
    public Task<ApiResult<AgentJoinAnswer>> JoinAgentAsync(AgentJoinRequest request, CancellationToken cancellationToken) =>
        SendAsync<AgentJoinAnswer>(HttpMethod.Post, "v1/agents/join", request, cancellationToken);
}

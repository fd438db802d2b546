using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Nines.Agent.Contracts;

namespace Nines.Agent.Server;

/// <summary>
/// Lets a call through only with <c>Authorization: Bearer &lt;agent secret&gt;</c>. Runs before the body is read
/// (handlers read it themselves), so an unauthenticated caller learns nothing about the request's validity.
/// </summary>
internal sealed class AgentSecretFilter : IEndpointFilter
{
    private const string Scheme = "Bearer ";

    // Hashes of both sides are compared, so the comparison takes the same time whatever the length or content of
    // the presented token.
    private readonly byte[] _expected;

    public AgentSecretFilter(string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        _expected = SHA256.HashData(Encoding.UTF8.GetBytes(secret));
    }

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        string? header = context.HttpContext.Request.Headers.Authorization;
        if (header is null || !header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) || !Matches(header[Scheme.Length..].Trim()))
        {
            context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return AgentResults.Problem(new AgentProblem(
                StatusCodes.Status401Unauthorized, "unauthorized", AgentErrors.Unauthorized, "the agent secret is required (Authorization: Bearer <secret>)"));
        }

        return await next(context).ConfigureAwait(false);
    }

    private bool Matches(string token) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(token)), _expected);
}

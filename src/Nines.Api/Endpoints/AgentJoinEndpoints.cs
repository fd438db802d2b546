using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Nines.Api.Auth;
using Nines.Api.Contracts;
using Nines.Api.Http;
using Nines.Contracts.Security;

namespace Nines.Api.Endpoints;

/// <summary>
/// <c>/v1/agents</c>: how an agent gets its certificate. An admin mints a one-time join token for a host name
/// (<c>POST /v1/agents/join-tokens</c>); the agent presents it once, anonymously, with a signing request over its new
/// key (<c>POST /v1/agents/join</c>) and gets a certificate from the controller's CA naming that host (whatever the
/// request asked for) and the CA itself. Both answer 503 on a controller that keeps no CA.
/// </summary>
internal static class AgentJoinEndpoints
{
    public static void MapAgentJoinEndpoints(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/agents").WithTags("agents");
        group.MapPost("/join-tokens", CreateAsync).WithName("CreateJoinToken").RequireAuthorization(ApiCaller.AdminPolicy);
        group.MapPost("/join", JoinAsync).WithName("JoinAgent").AllowAnonymous();
    }

    private static async Task<Results<Created<IssuedJoinToken>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        HttpContext context, JoinTokenService tokens, CreateJoinTokenRequest request, CancellationToken cancellationToken)
    {
        if (context.RequestServices.GetService<NinesCertificateAuthority>() is null)
        {
            return NoAuthority();
        }

        var errors = new ValidationErrors();
        if (!NinesIdentity.IsValidHostName(request.Host))
        {
            errors.Add("host", request.Host is null
                ? "is required"
                : $"\"{request.Host}\" is not a host name (letters, digits, '-', '_' and '.', at most 63 characters)");
        }

        var lifetime = JoinTokenService.DefaultLifetime;
        if (request.Expires is { } expires)
        {
            if (!TokenLifetime.TryParse(expires, out var parsed, out var error))
            {
                errors.Add("expires", error);
            }
            else if (parsed is not { } span || span > JoinTokenService.MaxLifetime)
            {
                errors.Add("expires", $"a join token lives at most {JoinTokenService.MaxLifetime.TotalDays} days (and never \"never\")");
            }
            else
            {
                lifetime = span;
            }
        }

        if (errors.Any)
        {
            return ApiProblems.Invalid(errors);
        }

        var issued = await tokens.CreateAsync(request.Host!, lifetime, cancellationToken).ConfigureAwait(false);
        return TypedResults.Created("/v1/agents/join", issued);
    }

    private static async Task<Results<Ok<AgentJoinAnswer>, ValidationProblem, ProblemHttpResult>> JoinAsync(
        HttpContext context, JoinTokenService tokens, AgentJoinRequest request, CancellationToken cancellationToken)
    {
        if (context.RequestServices.GetService<NinesCertificateAuthority>() is not { } authority)
        {
            return NoAuthority();
        }

        // The request is checked before the token is used up, so a malformed one does not cost the token.
        var errors = new ValidationErrors();
        if (string.IsNullOrEmpty(request.Token))
        {
            errors.Add("token", "is required");
        }

        try
        {
            _ = NinesCertificateAuthority.ReadRequest(request.CertificateRequest ?? string.Empty);
        }
        catch (ArgumentException e)
        {
            errors.Add("certificateRequest", e.Message);
        }

        if (errors.Any)
        {
            return ApiProblems.Invalid(errors);
        }

        var (host, refusal) = await tokens.RedeemAsync(request.Token, cancellationToken).ConfigureAwait(false);
        if (host is null)
        {
            return TypedResults.Problem(refusal, statusCode: StatusCodes.Status401Unauthorized, title: "join token refused");
        }

        using var certificate = authority.SignAgentRequest(host, request.CertificateRequest!);
        return TypedResults.Ok(new AgentJoinAnswer(host, certificate.ExportCertificatePem(), authority.Certificate.ExportCertificatePem()));
    }

    private static ProblemHttpResult NoAuthority() =>
        TypedResults.Problem(
            "this controller keeps no certificate authority: agents join a cluster's controller (nines up --store), or one started with --tls",
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "no certificate authority");
}

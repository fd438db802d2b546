using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Nines.Api.Auth;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;token&gt;</c> against <see cref="TokenService"/>; answers 401 and 403 as
/// problem+json (with <c>WWW-Authenticate: Bearer</c> on 401) so every error of the API has one shape.
/// </summary>
internal sealed class BearerTokenHandler : AuthenticationHandler<AuthenticationSchemeOptions>
{
    public const string SchemeName = "Bearer";

    private readonly TokenService _tokens;

    // Handlers are made per request, so this is the request's own: set when the token presented has expired.
    private DateTimeOffset? _expiredAt;

    public BearerTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, TokenService tokens)
        : base(options, logger, encoder) => _tokens = tokens;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.Fail("the Authorization header is not a bearer token (expected \"Bearer <token>\")");
        }

        var check = await _tokens.CheckAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted).ConfigureAwait(false);
        if (check.Expired)
        {
            _expiredAt = check.Record!.ExpiresAt;
            return AuthenticateResult.Fail("the bearer token has expired");
        }

        if (check.Valid is not { } record)
        {
            return AuthenticateResult.Fail("the bearer token is not valid");
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, record.Id),
                new Claim(ClaimTypes.Role, ApiCaller.RoleName(record.Role)),
                new Claim(ApiCaller.TenantClaim, record.Tenant),
            ],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (_expiredAt is { } expiredAt)
        {
            Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\", error_description=\"the token expired\"";
            return WriteProblemAsync(
                StatusCodes.Status401Unauthorized,
                "token expired",
                $"the bearer token expired at {expiredAt.ToString("u", CultureInfo.InvariantCulture)}; ask an admin for a new one (nines token create)");
        }

        Response.Headers.WWWAuthenticate = "Bearer";
        return WriteProblemAsync(StatusCodes.Status401Unauthorized, "unauthorized", "a valid bearer token is required (Authorization: Bearer <token>)");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status403Forbidden, "forbidden", "the token's role does not allow this operation");

    private Task WriteProblemAsync(int status, string title, string detail) =>
        Results.Problem(statusCode: status, title: title, detail: detail).ExecuteAsync(Context);
}

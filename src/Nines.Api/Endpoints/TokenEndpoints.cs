using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Nines.Api.Auth;
using Nines.Api.Contracts;
using Nines.Api.Http;
using Nines.Contracts.Model;

namespace Nines.Api.Endpoints;

/// <summary>
/// <c>/v1/tokens</c> (admin only): create (the plaintext is in the answer, once; viewer and operator tokens expire after
/// <see cref="TokenService.DefaultLifetime"/> unless <c>expires</c> says otherwise), list (hashes, names, expiry), revoke.
/// </summary>
internal static class TokenEndpoints
{
    public static void MapTokenEndpoints(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/tokens").WithTags("tokens").RequireAuthorization(ApiCaller.AdminPolicy);
        group.MapGet("/", ListAsync).WithName("ListTokens");
        group.MapPost("/", CreateAsync).WithName("CreateToken");
        group.MapDelete("/{id}", RevokeAsync).WithName("RevokeToken");
    }

    private static async Task<Ok<IReadOnlyList<TokenRecord>>> ListAsync(TokenService tokens, CancellationToken cancellationToken) =>
        TypedResults.Ok(await tokens.ListAsync(cancellationToken).ConfigureAwait(false));

    private static async Task<Results<Created<IssuedToken>, ValidationProblem>> CreateAsync(TokenService tokens, CreateTokenRequest request, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (request.Role is null)
        {
            errors.Add("role", "is required (expected viewer, operator or admin)");
        }

        if (!DeploymentRef.IsValidPart(request.Tenant))
        {
            errors.Add("tenant", request.Tenant is null
                ? "is required"
                : $"\"{request.Tenant}\" is not a valid tenant name (expected 1-63 of a-z 0-9 _ -, starting with a letter or digit)");
        }

        if (request.Name is { } name && !TokenLifetime.IsValidName(name))
        {
            errors.Add("name", $"\"{name}\" is not a valid token name (expected 1-63 of letters, digits, . _ - and spaces, starting with a letter or digit)");
        }

        TimeSpan? lifetime = null;
        if (request.Expires is { } expires)
        {
            if (!TokenLifetime.TryParse(expires, out lifetime, out var error))
            {
                errors.Add("expires", error);
            }
        }
        else if (request.Role is not ApiRole.Admin)
        {
            lifetime = TokenService.DefaultLifetime;
        }

        if (request.Description is { Length: > 1024 })
        {
            errors.Add("description", $"has {request.Description.Length} characters, more than 1024");
        }

        if (errors.Any)
        {
            return ApiProblems.Invalid(errors);
        }

        var issued = await tokens.CreateAsync(request.Role!.Value, request.Tenant!, request.Description, request.Name, lifetime, cancellationToken).ConfigureAwait(false);
        return TypedResults.Created($"/v1/tokens/{issued.Record.Id}", issued);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(TokenService tokens, string id, CancellationToken cancellationToken) =>
        await tokens.RevokeAsync(id, cancellationToken).ConfigureAwait(false) ? TypedResults.NoContent() : ApiProblems.NotFound($"token \"{id}\"");
}

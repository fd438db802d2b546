using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Nines.Api.Auth;
using Nines.Api.Http;
using Nines.Contracts.Model;
using Nines.Controller.Repositories;

namespace Nines.Api.Endpoints;

/// <summary>
/// <c>/v1/operations</c>: the long-running work deploy, undeploy and exec hand out (ETSI-style states STARTING,
/// PROCESSING, COMPLETED, FAILED, ROLLED_BACK, with per-VM progress). Another tenant's operation is 404.
/// </summary>
internal static class OperationEndpoints
{
    public static void MapOperationEndpoints(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/operations").WithTags("operations");
        group.MapGet("/", ListAsync).WithName("ListOperations");
        group.MapGet("/{id}", GetAsync).WithName("GetOperation");
    }

    private static async Task<Ok<IReadOnlyList<Operation>>> ListAsync(ClaimsPrincipal user, OperationRepository operations, string? tenant, CancellationToken cancellationToken) =>
        TypedResults.Ok(await operations.ListAsync(ApiCaller.From(user).ListTenant(tenant), cancellationToken).ConfigureAwait(false));

    private static async Task<Results<Ok<Operation>, ProblemHttpResult>> GetAsync(ClaimsPrincipal user, OperationRepository operations, string id, CancellationToken cancellationToken)
    {
        // Ids are "op-" + hex: anything else cannot name an operation (and must not reach the store as a key).
        var operation = IsOperationId(id) ? await operations.GetAsync(id, cancellationToken).ConfigureAwait(false) : null;
        return operation is not null && ApiCaller.From(user).Sees(operation.Tenant)
            ? TypedResults.Ok(operation)
            : ApiProblems.NotFound($"operation \"{id}\"");
    }

    private static bool IsOperationId(string id) => id.Length is > 3 and <= 64 && id.StartsWith("op-", StringComparison.Ordinal) && id[3..].All(char.IsAsciiHexDigitLower);
}

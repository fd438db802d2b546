using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Nines.Api.Auth;
using Nines.Api.Contracts;
using Nines.Api.Http;
using Nines.Controller.LiveMigration;

namespace Nines.Api.Endpoints;

/// <summary>
/// <c>/v1/hosts/{host}/drain</c>: drain a host (unschedulable, every VM of every tenant moved away, live where possible),
/// its progress, and undrain. Hosts are shared by all tenants, so draining is an admin's; a tenant's caller reads a
/// drain's progress with its own VMs only.
/// </summary>
internal static class DrainEndpoints
{
    public static void MapDrainEndpoints(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/hosts/{host}/drain").WithTags("hosts");
        group.MapPost("/", DrainAsync).WithName("DrainHost").RequireAuthorization(ApiCaller.AdminPolicy);
        group.MapGet("/", StatusAsync).WithName("GetHostDrain");
        group.MapDelete("/", UndrainAsync).WithName("UndrainHost").RequireAuthorization(ApiCaller.AdminPolicy);
    }

    private static async Task<Results<Accepted<DrainStatus>, ValidationProblem, ProblemHttpResult>> DrainAsync(IServiceProvider services, string host, HostDrainRequest? request, CancellationToken cancellationToken)
    {
        if (services.GetService<HostDrainer>() is not { } drainer)
        {
            return TypedResults.Problem("this controller does not run host drains", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var (status, field, error) = await drainer.DrainAsync(host, request?.MaxConcurrent ?? 2, cancellationToken).ConfigureAwait(false);
        if (status is null)
        {
            if (field == "host")
            {
                return ApiProblems.NotFound($"host \"{host}\"");
            }

            var errors = new ValidationErrors();
            errors.Add(field ?? "host", error!);
            return ApiProblems.Invalid(errors);
        }

        return TypedResults.Accepted($"/v1/hosts/{host}/drain", status);
    }

    // Any role reads a drain's progress, but a tenant's caller sees only its own tenant's VMs in it.
    private static async Task<Results<Ok<DrainStatus>, ProblemHttpResult>> StatusAsync(ClaimsPrincipal user, IServiceProvider services, string host, CancellationToken cancellationToken)
    {
        if (services.GetService<HostDrainer>() is not { } drainer)
        {
            return TypedResults.Problem("this controller does not run host drains", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var caller = ApiCaller.From(user);
        var status = await drainer.StatusAsync(host, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(caller.IsAdmin ? status : status.ScopedTo(caller.Tenant));
    }

    private static async Task<Results<Ok<DrainStatus>, ProblemHttpResult>> UndrainAsync(IServiceProvider services, string host, CancellationToken cancellationToken)
    {
        if (services.GetService<HostDrainer>() is not { } drainer)
        {
            return TypedResults.Problem("this controller does not run host drains", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        return await drainer.UndrainAsync(host, cancellationToken).ConfigureAwait(false)
            ? TypedResults.Ok(await drainer.StatusAsync(host, cancellationToken).ConfigureAwait(false))
            : ApiProblems.NotFound($"a drain of host \"{host}\"");
    }
}

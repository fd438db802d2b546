using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Nines.Api.Auth;
using Nines.Api.Contracts;
using Nines.Api.Http;
using Nines.Contracts.Model;
using Nines.Controller.HostUpgrades;

namespace Nines.Api.Endpoints;

/// <summary>
/// <c>POST /v1/hosts/upgrades</c>: a hypervisor upgrade of hosts, one batch at a time (drain, the administrator's hook
/// through each agent, rejoin, undrain). Admin only: it runs a command on hosts. The answer is the operation
/// (<c>/v1/operations/{id}</c>, kind HostUpgrade, each host's step in <c>hostUpgrade</c>).
/// </summary>
internal static class HostUpgradeEndpoints
{
    public static void MapHostUpgradeEndpoints(this RouteGroupBuilder v1) =>
        v1.MapPost("/hosts/upgrades", StartAsync).WithTags("hosts").WithName("UpgradeHosts").RequireAuthorization(ApiCaller.AdminPolicy);

    private static async Task<Results<Accepted<Operation>, ValidationProblem, ProblemHttpResult>> StartAsync(IServiceProvider services, HostUpgradeStartRequest? request, CancellationToken cancellationToken)
    {
        if (services.GetService<HostUpgrader>() is not { } upgrader)
        {
            return TypedResults.Problem("this controller does not run host upgrades", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var errors = new ValidationErrors();
        if (request is null)
        {
            errors.Add("body", "a JSON object with hosts and hook is required");
            return ApiProblems.Invalid(errors);
        }

        if (request.HookTimeoutSeconds is { } seconds && (!double.IsFinite(seconds) || seconds is < 1 or > 86_400))
        {
            errors.Add("hookTimeoutSeconds", $"{seconds} is not between 1 and 86400");
            return ApiProblems.Invalid(errors);
        }

        var (operation, problems) = await upgrader.StartAsync(
            new HostUpgradeRequest(
                request.Hosts ?? [],
                request.Hook ?? string.Empty,
                request.MaxUnavailable ?? 1,
                request.HookTimeoutSeconds is { } limit ? TimeSpan.FromSeconds(limit) : null,
                request.MaxConcurrentMoves ?? 2),
            cancellationToken).ConfigureAwait(false);
        if (operation is null)
        {
            foreach (var (field, message) in problems)
            {
                errors.Add(field, message);
            }

            return ApiProblems.Invalid(errors);
        }

        return TypedResults.Accepted($"/v1/operations/{operation.Id}", operation);
    }
}

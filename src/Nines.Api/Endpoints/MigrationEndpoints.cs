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
using Nines.Controller.Repositories;

namespace Nines.Api.Endpoints;

/// <summary>
/// Live migration of one VM to another host, as an operation (kind <c>Migrate</c>) whose <c>migration</c> member
/// carries the progress (bytes, dirty rate, ETA, downtime); and cancelling one in flight.
/// </summary>
internal static class MigrationEndpoints
{
    public static void MapMigrationEndpoints(this RouteGroupBuilder v1)
    {
        v1.MapGroup("/deployments/{name}/vms").WithTags("vms").RequireAuthorization(ApiCaller.OperatePolicy)
            .MapPost("/{vm}/migrate", MigrateAsync).WithName("VmMigrate");
        v1.MapGroup("/operations").WithTags("operations").RequireAuthorization(ApiCaller.OperatePolicy)
            .MapPost("/{id}/cancel", CancelAsync).WithName("CancelOperation");
    }

    private static async Task<Results<Accepted<MigrationAccepted>, ValidationProblem, ProblemHttpResult>> MigrateAsync(
        ClaimsPrincipal user,
        DeploymentRepository deployments,
        IServiceProvider services,
        string name,
        string vm,
        VmMigrateRequest request,
        string? tenant,
        CancellationToken cancellationToken)
    {
        var stored = await DeploymentEndpoints.FindAsync(ApiCaller.From(user), tenant, name, deployments, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return DeploymentEndpoints.NotFound(name);
        }

        if (string.IsNullOrWhiteSpace(request.To))
        {
            var errors = new ValidationErrors();
            errors.Add("to", "is required: the name of the host to move the vm to");
            return ApiProblems.Invalid(errors);
        }

        if (services.GetService<MigrationCoordinator>() is not { } coordinator)
        {
            return TypedResults.Problem("this controller does not run live migrations", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var start = await coordinator.StartAsync(stored, vm, request.To, cancellationToken).ConfigureAwait(false);
        if (start.Operation is not { } operation)
        {
            if (start.NotFound)
            {
                return ApiProblems.NotFound($"vm \"{vm}\" in deployment \"{name}\"");
            }

            if (start.Field == "to")
            {
                var errors = new ValidationErrors();
                errors.Add("to", start.Error!);
                return ApiProblems.Invalid(errors);
            }

            return ApiProblems.Conflict(start.Error!);
        }

        var migration = operation.Migration!;
        return TypedResults.Accepted(
            $"/v1/operations/{operation.Id}",
            new MigrationAccepted(operation.Tenant, operation.Deployment, vm, migration.From, migration.To, operation.Id));
    }

    private static async Task<Results<Accepted, ProblemHttpResult>> CancelAsync(ClaimsPrincipal user, OperationRepository operations, IServiceProvider services, string id, CancellationToken cancellationToken)
    {
        var operation = id.StartsWith("op-", StringComparison.Ordinal) && id.Length <= 64 ? await operations.GetAsync(id, cancellationToken).ConfigureAwait(false) : null;
        if (operation is null || !ApiCaller.From(user).Sees(operation.Tenant))
        {
            return ApiProblems.NotFound($"operation \"{id}\"");
        }

        if (operation.IsFinished || services.GetService<MigrationCoordinator>() is not { } coordinator || !await coordinator.CancelAsync(id).ConfigureAwait(false))
        {
            return ApiProblems.Conflict($"operation \"{id}\" is not a migration in flight on this controller (state {operation.State})");
        }

        return TypedResults.Accepted($"/v1/operations/{id}");
    }
}

using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Nines.Api.Auth;
using Nines.Api.Http;
using Nines.Availability.Client;
using Nines.Controller.AvailabilityShell;
using Nines.Controller.Repositories;
using Nines.Domain.Scenarios;
using Nines.Store;

namespace Nines.Api.Endpoints;

/// <summary>
/// <c>/v1/deployments/{name}/groups</c>: a deployment's redundancy groups with each unit's HA state per service
/// instance (as published in the store, so any controller process can answer), and the administrative switchover
/// (only where the availability manager runs: the embedded controller).
/// </summary>
internal static class AvailabilityEndpoints
{
    public static void MapAvailabilityEndpoints(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/deployments/{name}/groups").WithTags("availability");
        group.MapGet("/", ListAsync).WithName("ListRedundancyGroups");
        group.MapGet("/{group}", GetAsync).WithName("GetRedundancyGroup");
        group.MapPost("/{group}/switchover", Switchover).RequireAuthorization(ApiCaller.OperatePolicy).WithName("Switchover");
    }

    private static async Task<Results<Ok<List<RedundancyGroupView>>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user, HttpContext context, DeploymentRepository deployments, IStateStore store, string name, string? tenant, CancellationToken cancellationToken)
    {
        var stored = await FindAsync(user, deployments, tenant, name, cancellationToken).ConfigureAwait(false);
        if (stored?.Scenario is not { } document)
        {
            return ApiProblems.NotFound($"deployment \"{name}\"");
        }

        var views = new List<RedundancyGroupView>();
        foreach (var spec in document.Scenario.RedundancyGroups)
        {
            views.Add(await ViewAsync(stored, spec, context, store, cancellationToken).ConfigureAwait(false));
        }

        return TypedResults.Ok(views);
    }

    private static async Task<Results<Ok<RedundancyGroupView>, ProblemHttpResult>> GetAsync(
        ClaimsPrincipal user, HttpContext context, DeploymentRepository deployments, IStateStore store, string name, string group, string? tenant, CancellationToken cancellationToken)
    {
        var stored = await FindAsync(user, deployments, tenant, name, cancellationToken).ConfigureAwait(false);
        var spec = stored?.Scenario?.Scenario.RedundancyGroups.FirstOrDefault(g => g.Name == group);
        return spec is null
            ? ApiProblems.NotFound($"redundancy group \"{group}\" of deployment \"{name}\"")
            : TypedResults.Ok(await ViewAsync(stored!, spec, context, store, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<Results<Accepted<SwitchoverAccepted>, ProblemHttpResult>> Switchover(
        ClaimsPrincipal user, HttpContext context, DeploymentRepository deployments, string name, string group, SwitchoverRequest? request, string? tenant, CancellationToken cancellationToken)
    {
        var stored = await FindAsync(user, deployments, tenant, name, cancellationToken).ConfigureAwait(false);
        if (stored?.Scenario?.Scenario.RedundancyGroups.Any(g => g.Name == group) != true)
        {
            return ApiProblems.NotFound($"redundancy group \"{group}\" of deployment \"{name}\"");
        }

        var managed = context.RequestServices.GetService<AvailabilityManager>()?.Find(stored.Ref, group);
        if (managed is null)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "not managed",
                detail: $"redundancy group \"{group}\" is not under an availability manager in this controller (its deployment is not running yet, or the manager runs elsewhere)");
        }

        var instance = request?.Instance ?? managed.Engine.Group.Instances[0].Name;
        if (managed.Engine.Group.Instances.All(i => i.Name != instance))
        {
            return ApiProblems.NotFound($"service instance \"{instance}\" of redundancy group \"{group}\"");
        }

        var outcome = managed.RequestSwitchover(instance);
        return outcome.HasNotes
            ? ApiProblems.Conflict(string.Join("; ", outcome.Notes))
            : TypedResults.Accepted(
                $"/v1/deployments/{name}/groups/{group}",
                new SwitchoverAccepted(group, instance, [.. outcome.Transitions.Select(t => $"{t.Unit}: {t.From?.ToString() ?? "unassigned"} → {t.To?.ToString() ?? "unassigned"}")]));
    }

    private static async Task<StoredDeployment?> FindAsync(ClaimsPrincipal user, DeploymentRepository deployments, string? tenant, string name, CancellationToken cancellationToken) =>
        ApiCaller.From(user).Deployment(tenant, name) is { } reference
            ? await deployments.GetAsync(reference, cancellationToken).ConfigureAwait(false)
            : null;

    private static async Task<RedundancyGroupView> ViewAsync(StoredDeployment stored, RedundancyGroupSpec spec, HttpContext context, IStateStore store, CancellationToken cancellationToken)
    {
        var qualified = ManagedGroup.QualifiedNameOf(stored.Ref, spec.Name);
        var managed = context.RequestServices.GetService<AvailabilityManager>()?.Find(stored.Ref, spec.Name);
        var units = new List<UnitHaView>();
        foreach (var member in spec.Members)
        {
            var published = await new HaStateClient(store, qualified, member).GetAsync(cancellationToken).ConfigureAwait(false);
            var unit = managed?.Engine.Group.FindUnit(member);
            units.Add(new UnitHaView(
                member,
                unit?.Host ?? stored.Spec.Plan?.Placements.GetValueOrDefault(member),
                unit?.Presence.ToString(),
                unit?.Operational.ToString(),
                [.. published.Instances.Select(i => new InstanceHaView(i.Instance, i.State.ToString()))],
                published.Epoch));
        }

        return new RedundancyGroupView(spec.Name, qualified, spec.Model.ToString(), [.. spec.Members], managed is not null, units);
    }
}

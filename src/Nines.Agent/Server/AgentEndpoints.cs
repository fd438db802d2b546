using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nines.Contracts.Agents;
using Nines.Contracts.AgentWire;
using Nines.Drivers;

namespace Nines.Agent.Server;

/// <summary>
/// The agent's HTTP/JSON protocol under <c>/agent/v1</c>: one host's <see cref="IHostAgent"/> and
/// <see cref="IHostVmOperations"/>, method for method, so <c>Nines.Controller.RemoteAgents.HttpHostAgent</c> on the controller
/// behaves as the in-process agent does (same answers, same exception types).
/// </summary>
/// <remarks>
/// Every route but <c>GET /agent/v1/health</c> needs the controller's client certificate (mutual TLS). Bodies are read
/// strictly (unknown fields are refused naming them) after that check; errors are problem+json (<see cref="AgentProblem"/>).
/// </remarks>
public static partial class AgentEndpoints
{
    /// <summary>The prefix of every route.</summary>
    public const string Prefix = AgentRoutes.Prefix;

    /// <summary>Maps the agent's routes for <paramref name="options"/>'s agent; returns the authenticated group.</summary>
    public static RouteGroupBuilder MapNinesAgent(this IEndpointRouteBuilder endpoints, AgentEndpointOptions options)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(options);
        var health = new AgentHealth(options.Agent.HostName, options.DriverName, Version);
        endpoints.MapGet($"{Prefix}/health", () => AgentResults.Ok(health)).AllowAnonymous();

        var group = endpoints.MapGroup(Prefix)
            .AddEndpointFilter(new ControllerCertificateFilter())
            .AddEndpointFilter(new AgentErrorFilter());
        var agent = options.Agent;
        var vms = options.Vms;

        group.MapGet("/deployments", async (CancellationToken ct) =>
            AgentResults.Ok(await agent.ListDeploymentsAsync(ct).ConfigureAwait(false)));
        group.MapPost("/deployments/{id}", async (HttpRequest request, string id, CancellationToken ct) =>
        {
            var desired = await AgentRequestBody.ReadAsync<HostDeploymentDesired>(request, ct).ConfigureAwait(false);
            if (desired.DeploymentId != id)
            {
                throw new AgentRequestException("deploymentId", $"is \"{desired.DeploymentId}\" but the path names deployment \"{id}\"");
            }

            return AgentResults.Ok(await agent.ConvergeAsync(desired, ct).ConfigureAwait(false));
        });
        group.MapDelete("/deployments/{id}", async (string id, CancellationToken ct) =>
            AgentResults.Ok(await agent.RemoveAsync(id, ct).ConfigureAwait(false)));
        group.MapPost("/deployments/{id}/sequences", (HttpContext context, string id) => RunSequenceAsync(context, vms, id));

        group.MapGet("/vms/{vmId}", async (string vmId, CancellationToken ct) =>
            AgentResults.Ok(await vms.InspectVmAsync(vmId, ct).ConfigureAwait(false)));
        group.MapPost("/vms/{vmId}/control", async (HttpRequest request, string vmId, CancellationToken ct) =>
        {
            var body = await AgentRequestBody.ReadAsync<VmControlRequest>(request, ct).ConfigureAwait(false);
            return AgentResults.Ok(await vms.ControlVmAsync(vmId, body.Operation, ct).ConfigureAwait(false));
        });
        group.MapGet("/vms/{vmId}/kpis", async (string vmId, CancellationToken ct) =>
            AgentResults.Ok(await vms.SampleVmAsync(vmId, ct).ConfigureAwait(false)));
        group.MapPost("/vms/{vmId}/exec", async (HttpRequest request, string vmId, CancellationToken ct) =>
        {
            var command = await AgentRequestBody.ReadAsync<GuestCommand>(request, ct).ConfigureAwait(false);
            return AgentResults.Ok(await vms.ExecVmAsync(vmId, command, ct).ConfigureAwait(false));
        });
        group.MapPost("/vms/{vmId}/resize", async (HttpRequest request, string vmId, CancellationToken ct) =>
        {
            var change = await AgentRequestBody.ReadAsync<QosChange>(request, ct).ConfigureAwait(false);
            return AgentResults.Ok(await vms.ResizeVmAsync(vmId, change, ct).ConfigureAwait(false));
        });
        if (options.Migrations is { } migrations)
        {
            MapMigrations(group, migrations);
        }

        if (options.Hooks is { } hooks)
        {
            MapHooks(group, hooks);
        }

        if (options.Events is { } events)
        {
            group.MapGet("/events", (HttpContext context) => StreamEventsAsync(context, events, options.EventKeepAlive));
        }

        return group;
    }

    /// <summary>The agent's version: its assembly's informational version.</summary>
    public static string Version { get; } =
        typeof(AgentEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
}

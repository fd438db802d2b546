using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nines.Contracts.Agents;
using Nines.Contracts.AgentWire;

namespace Nines.Agent.Server;

/// <summary>Live migration: the destination's prepare and complete, the source's start, progress and cancel.</summary>
public static partial class AgentEndpoints
{
    private static void MapMigrations(RouteGroupBuilder group, IHostMigrations migrations)
    {
        group.MapPost("/deployments/{id}/incoming/{vmId}", async (HttpRequest request, string id, string vmId, CancellationToken ct) =>
        {
            var desired = await AgentRequestBody.ReadAsync<HostDeploymentDesired>(request, ct).ConfigureAwait(false);
            if (desired.DeploymentId != id)
            {
                throw new AgentRequestException("deploymentId", $"is \"{desired.DeploymentId}\" but the path names deployment \"{id}\"");
            }

            return AgentResults.Ok(await migrations.PrepareIncomingMigrationAsync(desired, vmId, ct).ConfigureAwait(false));
        });
        group.MapPost("/vms/{vmId}/incoming/complete", async (HttpRequest request, string vmId, CancellationToken ct) =>
        {
            var body = await AgentRequestBody.ReadAsync<IncomingCompleteRequest>(request, ct).ConfigureAwait(false);
            if (body.GuestCheckTimeout <= TimeSpan.Zero)
            {
                throw new AgentRequestException("guestCheckTimeout", "must be positive");
            }

            return AgentResults.Ok(await migrations.CompleteIncomingMigrationAsync(vmId, body.GuestCheckTimeout, ct).ConfigureAwait(false));
        });
        group.MapPost("/vms/{vmId}/migration", async (HttpRequest request, string vmId, CancellationToken ct) =>
        {
            var body = await AgentRequestBody.ReadAsync<OutgoingMigrationRequest>(request, ct).ConfigureAwait(false);
            return AgentResults.Ok(await migrations.StartOutgoingMigrationAsync(vmId, body.Destination, body.Policy, ct).ConfigureAwait(false));
        });
        group.MapGet("/vms/{vmId}/migration", async (string vmId, CancellationToken ct) =>
            AgentResults.Ok(await migrations.GetOutgoingMigrationAsync(vmId, ct).ConfigureAwait(false)));
        group.MapDelete("/vms/{vmId}/migration", async (string vmId, CancellationToken ct) =>
            AgentResults.Ok(await migrations.CancelOutgoingMigrationAsync(vmId, ct).ConfigureAwait(false)));
    }
}

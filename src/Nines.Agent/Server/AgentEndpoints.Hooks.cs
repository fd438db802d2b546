using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nines.Contracts.Agents;
using Nines.Contracts.AgentWire;

namespace Nines.Agent.Server;

/// <summary>An administrator's hooks: start one, read its status.</summary>
public static partial class AgentEndpoints
{
    private static void MapHooks(RouteGroupBuilder group, IHostHooks hooks)
    {
        group.MapPost("/hooks", async (HttpRequest request, CancellationToken ct) =>
        {
            var body = await AgentRequestBody.ReadAsync<HostHookRequest>(request, ct).ConfigureAwait(false);
            return AgentResults.Ok(await hooks.StartHookAsync(body, ct).ConfigureAwait(false));
        });
        group.MapGet("/hooks/{id}", async (string id, CancellationToken ct) =>
            await hooks.GetHookAsync(id, ct).ConfigureAwait(false) is { } status
                ? AgentResults.Ok(status)
                : AgentResults.Problem(new AgentProblem(404, "unknown hook", AgentErrors.UnknownHook, $"no hook \"{id}\" was started on this host")));
    }
}

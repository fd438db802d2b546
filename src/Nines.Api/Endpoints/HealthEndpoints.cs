using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Nines.Api.Contracts;
using Nines.Controller.Supervision;

namespace Nines.Api.Endpoints;

/// <summary>
/// <c>/v1/health</c>, the only anonymous route under <c>/v1</c>: a client (the CLI deciding whether to start the
/// embedded controller) learns that a controller answers without needing a token first, and whether every long-running
/// loop runs (the host's <see cref="LoopRegistry"/>, when it registered one): <c>degraded</c> while one is restarting or
/// failed. Loops are reported by name, state and the kind of their last failure only, never a message (which could name
/// a tenant's deployment).
/// </summary>
internal static class HealthEndpoints
{
    private static readonly string _version =
        typeof(HealthEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(HealthEndpoints).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    public static void MapHealthEndpoints(this RouteGroupBuilder v1) =>
        v1.MapGet("/health", Get).WithTags("health").WithName("Health").AllowAnonymous();

    private static Ok<HealthView> Get(HttpContext context)
    {
        if (context.RequestServices.GetService<LoopRegistry>() is not { } registry)
        {
            return TypedResults.Ok(new HealthView(LoopRegistry.Ok, _version));
        }

        var loops = registry.Loops;
        return TypedResults.Ok(new HealthView(loops.Any(l => l.IsDown) ? LoopRegistry.Degraded : LoopRegistry.Ok, _version)
        {
            Loops = [.. loops.Select(l => new LoopHealthView(l.Name, l.State.ToString().ToLowerInvariant(), l.Restarts, l.LastError, l.LastErrorAt, l.Since))],
        });
    }
}

using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Nines.Api.Contracts;

namespace Nines.Api.Endpoints;

/// <summary>
/// <c>/v1/health</c>, the only anonymous route under <c>/v1</c>: a client (the CLI deciding whether to start the
/// embedded controller) learns that a controller answers without needing a token first. It reveals nothing else.
/// </summary>
internal static class HealthEndpoints
{
    private static readonly string _version =
        typeof(HealthEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(HealthEndpoints).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    public static void MapHealthEndpoints(this RouteGroupBuilder v1) =>
        v1.MapGet("/health", Get).WithTags("health").WithName("Health").AllowAnonymous();

    private static Ok<HealthView> Get() => TypedResults.Ok(new HealthView("ok", _version));
}

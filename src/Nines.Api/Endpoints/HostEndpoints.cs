using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Nines.Contracts.Model;
using Nines.Contracts.Repositories;

namespace Nines.Api.Endpoints;

/// <summary><c>/v1/hosts</c>: the registered (heartbeating) hosts. Hosts are shared by all tenants; any role lists them.</summary>
internal static class HostEndpoints
{
    public static void MapHostEndpoints(this RouteGroupBuilder v1) =>
        v1.MapGet("/hosts", ListAsync).WithTags("hosts").WithName("ListHosts");

    private static async Task<Ok<IReadOnlyList<HostRecord>>> ListAsync(HostRepository hosts, CancellationToken cancellationToken) =>
        TypedResults.Ok(await hosts.ListAsync(cancellationToken).ConfigureAwait(false));
}

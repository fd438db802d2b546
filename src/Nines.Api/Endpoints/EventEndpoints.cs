using System.Runtime.CompilerServices;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Nines.Api.Auth;
using Nines.Api.Contracts;
using Nines.ControlPlane.Model;
using Nines.ControlPlane.Repositories;

namespace Nines.Api.Endpoints;

/// <summary>
/// <c>/v1/events</c>: the event log after a sequence (with the store revision it was read at), and
/// <c>/v1/events/follow</c>: every later event live, as server-sent events. A tenant sees only events about its own
/// deployments.
/// </summary>
internal static class EventEndpoints
{
    public static void MapEventEndpoints(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/events").WithTags("events");
        group.MapGet("/", ListAsync).WithName("ListEvents");
        group.MapGet("/follow", Follow).WithName("FollowEvents");
    }

    private static async Task<Ok<EventPage>> ListAsync(ClaimsPrincipal user, EventLog events, string? after, int? limit, string? tenant, CancellationToken cancellationToken)
    {
        var visible = ApiCaller.From(user).ListTenant(tenant);
        var (list, revision) = await events.ListAsync(after, null, cancellationToken).ConfigureAwait(false);
        var filtered = list.Where(e => visible is null || e.Tenant == visible);
        return TypedResults.Ok(new EventPage([.. limit is { } n ? filtered.Take(Math.Max(n, 0)) : filtered], revision));
    }

    /// <summary>Live events after store revision <paramref name="revision"/> (from <c>GET /v1/events</c>; default: from now).</summary>
    private static ServerSentEventsResult<EventRecord> Follow(ClaimsPrincipal user, EventLog events, long? revision, string? tenant, CancellationToken cancellationToken) =>
        TypedResults.ServerSentEvents(FollowAsync(events, ApiCaller.From(user).ListTenant(tenant), revision, cancellationToken), eventType: "event");

    private static async IAsyncEnumerable<EventRecord> FollowAsync(EventLog events, string? tenant, long? revision, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var from = revision ?? (await events.ListAsync(null, 0, cancellationToken).ConfigureAwait(false)).Revision;
        await foreach (var record in events.FollowAsync(from, cancellationToken).ConfigureAwait(false))
        {
            if (tenant is null || record.Tenant == tenant)
            {
                yield return record;
            }
        }
    }
}

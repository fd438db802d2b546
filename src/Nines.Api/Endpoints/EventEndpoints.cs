using System.Runtime.CompilerServices;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Nines.Api.Auth;
using Nines.Api.Contracts;
using Nines.Contracts.Model;
using Nines.Contracts.Repositories;

namespace Nines.Api.Endpoints;

/// <summary>
/// <c>/v1/events</c>: the event log after a sequence (with the store revision it was read at), and
/// <c>/v1/events/follow</c>: every later event live, as server-sent events. A tenant's token reads only its tenant's log;
/// an admin reads every log (hosts, fencing and the controller are in the system log, <c>?tenant=_system</c>), or one
/// with <c>?tenant=</c>.
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
        var log = ApiCaller.From(user).ListTenant(tenant);
        var take = limit is { } n ? Math.Max(n, 0) : (int?)null;
        if (log is not null && !IsLog(log))
        {
            // No such tenant can exist, so its log is empty (as for a tenant without events).
            var (_, head) = await events.ListLogAsync(EventLog.SystemLog, null, 0, cancellationToken).ConfigureAwait(false);
            return TypedResults.Ok(new EventPage([], head));
        }

        var (list, revision) = log is null
            ? await events.ListAsync(after, take, cancellationToken).ConfigureAwait(false)
            : await events.ListLogAsync(log, after, take, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new EventPage(list, revision));
    }

    /// <summary>Live events after store revision <paramref name="revision"/> (from <c>GET /v1/events</c>; default: from now).</summary>
    private static ServerSentEventsResult<EventRecord> Follow(ClaimsPrincipal user, EventLog events, long? revision, string? tenant, CancellationToken cancellationToken) =>
        TypedResults.ServerSentEvents(FollowAsync(events, ApiCaller.From(user).ListTenant(tenant), revision, cancellationToken), eventType: "event");

    private static async IAsyncEnumerable<EventRecord> FollowAsync(EventLog events, string? tenant, long? revision, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (tenant is not null && !IsLog(tenant))
        {
            yield break;
        }

        var from = revision ?? (await events.ListLogAsync(EventLog.SystemLog, null, 0, cancellationToken).ConfigureAwait(false)).Revision;
        var records = tenant is null ? events.FollowAsync(from, cancellationToken) : events.FollowLogAsync(tenant, from, cancellationToken);
        await foreach (var record in records.ConfigureAwait(false))
        {
            yield return record;
        }
    }

    private static bool IsLog(string log) => log == EventLog.SystemLog || Nines.Contracts.Model.DeploymentRef.IsValidPart(log);
}

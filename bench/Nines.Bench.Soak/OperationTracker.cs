using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Nines.Bench.Soak;

/// <summary>An operation the API acknowledged (202): who asked, what, and how it ended as far as the soak saw.</summary>
internal sealed record AcknowledgedOperation(string Id, string Tenant, string Kind, string Deployment, SoakApi Api)
{
    /// <summary>The order of acknowledgement: the first operation lost is the likeliest culprit.</summary>
    public long Sequence { get; init; }
}

/// <summary>The terminal answer about one operation, or why there is none.</summary>
internal sealed record OperationOutcome(string State, string? Error)
{
    public bool Terminal => State is "COMPLETED" or "FAILED" or "ROLLED_BACK";

    /// <summary>COMPLETED, or FAILED/ROLLED_BACK with a message: anything else is an acknowledged operation lost.</summary>
    public bool Accounted => State == "COMPLETED" || (State is "FAILED" or "ROLLED_BACK" && !string.IsNullOrWhiteSpace(Error));
}

/// <summary>Every 202 of the run, and a way to follow an operation to its end.</summary>
internal sealed class OperationTracker
{
    private readonly ConcurrentDictionary<string, AcknowledgedOperation> _acknowledged = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, OperationOutcome> _ended = new(StringComparer.Ordinal);
    private long _sequence;

    /// <summary>
    /// Records what a listing of a tenant's operations (<c>GET /v1/operations</c>) says of those acknowledged: the
    /// terminal ones are kept, so one that retention later prunes (1,000 per tenant, the fuzzer makes more) is known to
    /// have ended. Returns how many it newly saw end.
    /// </summary>
    public int Observe(JsonArray listing)
    {
        ArgumentNullException.ThrowIfNull(listing);
        var seen = 0;
        foreach (var item in listing.OfType<JsonObject>())
        {
            if (item["id"]?.ToString() is { } id && _acknowledged.ContainsKey(id)
                && new OperationOutcome(item["state"]?.ToString() ?? "UNKNOWN", item["error"]?.ToString()) is { Terminal: true } outcome
                && _ended.TryAdd(id, outcome))
            {
                seen++;
            }
        }

        return seen;
    }

    /// <summary>How <paramref name="id"/> ended as a listing showed it, or null when none showed it ended.</summary>
    public OperationOutcome? Ended(string id) => _ended.GetValueOrDefault(id);

    public IReadOnlyCollection<AcknowledgedOperation> Acknowledged => [.. _acknowledged.Values.OrderBy(o => o.Sequence)];

    /// <summary>Records the 202 answer's operation id; null when the answer has none.</summary>
    public AcknowledgedOperation? Acknowledge(ApiAnswer answer, string tenant, string kind, string deployment, SoakApi api)
    {
        if (answer.Status != 202 || answer.Json()?["operationId"]?.ToString() is not { Length: > 0 } id)
        {
            return null;
        }

        var operation = new AcknowledgedOperation(id, tenant, kind, deployment, api) { Sequence = Interlocked.Increment(ref _sequence) };
        _acknowledged[id] = operation;
        return operation;
    }

    /// <summary>Polls the operation until it is terminal or <paramref name="timeout"/> passes (controller down meanwhile: keeps polling).</summary>
    public static async Task<OperationOutcome> FollowAsync(AcknowledgedOperation operation, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var last = new OperationOutcome("UNKNOWN", "never answered");
        while (true)
        {
            var answer = await operation.Api.GetAsync($"/v1/operations/{operation.Id}", cancellationToken).ConfigureAwait(false);
            if (answer.Status == 200 && answer.Json() is JsonNode json)
            {
                last = new OperationOutcome(json["state"]?.ToString() ?? "UNKNOWN", json["error"]?.ToString());
                if (last.Terminal)
                {
                    return last;
                }
            }
            else if (answer.Status == 404)
            {
                last = new OperationOutcome("VANISHED", "404: the operation is gone");
            }

            if (waited.Elapsed > timeout)
            {
                return last;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
        }
    }
}

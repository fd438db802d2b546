using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Nines.Contracts.Model;
using Nines.Store;

namespace Nines.Contracts.Repositories;

/// <summary>
/// The user-visible event logs at <c>/nines/events/&lt;log&gt;/</c>: one per tenant, and the system log
/// (<see cref="SystemLog"/>) for hosts, fencing and the controller, which only admins see. Every event takes the next
/// number of one counter key in the same transaction that writes it (compare-on-revision, retried on a race), so
/// sequences are unique, gap-free and ordered across all logs and processes. Each log keeps its newest
/// <see cref="Capacity"/> events: a noisy tenant evicts only its own. Age limits are <see cref="PruneAsync"/>'s.
/// </summary>
public sealed partial class EventLog
{
    /// <summary>The log of events that belong to no tenant. Not a valid tenant name, so no tenant can own it.</summary>
    public const string SystemLog = "_system";

    private readonly IStateStore _store;
    private readonly TimeProvider _time;

    public EventLog(IStateStore store, TimeProvider time, int capacity = 10_000)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _store = store;
        _time = time;
        Capacity = capacity;
    }

    /// <summary>How many events each log (each tenant's, the system's) keeps; appending one more drops that log's oldest.</summary>
    public int Capacity { get; }

    /// <summary>The sequence as stored: 20 digits, zero-padded.</summary>
    public static string FormatSequence(long sequence) => sequence.ToString("D20", CultureInfo.InvariantCulture);

    /// <summary>
    /// The tenant a subject names (<c>tenant/name</c> or <c>tenant/name/vm</c>), or null for a subject that is no
    /// deployment (a host, a controller): those events go to the system log.
    /// </summary>
    public static string? TenantOfSubject(string subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var slash = subject.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && DeploymentRef.IsValidPart(subject[..slash]) ? subject[..slash] : null;
    }

    /// <summary>Records an event in the log of the tenant its subject names (the system log when it names none).</summary>
    public Task<EventRecord> AppendAsync(EventSeverity severity, string kind, string subject, string? reason, string message, CancellationToken cancellationToken) =>
        AppendAsync(TenantOfSubject(subject), severity, kind, subject, reason, message, cancellationToken);

    /// <summary>Records an event in <paramref name="tenant"/>'s log (the system log when null) and returns it with its sequence.</summary>
    public async Task<EventRecord> AppendAsync(string? tenant, EventSeverity severity, string kind, string subject, string? reason, string message, CancellationToken cancellationToken)
    {
        if (tenant is not null && !DeploymentRef.IsValidPart(tenant))
        {
            throw new ArgumentException($"tenant \"{tenant}\" is not a valid tenant name", nameof(tenant));
        }

        var log = tenant ?? SystemLog;
        while (true)
        {
            var counter = await _store.GetAsync(StoreKeys.EventCounter, cancellationToken).ConfigureAwait(false);
            var countEntry = await _store.GetAsync(StoreKeys.EventCount(log), cancellationToken).ConfigureAwait(false);
            var sequence = ParseNumber(counter) + 1;
            var count = ParseNumber(countEntry);
            var record = new EventRecord(FormatSequence(sequence), _time.GetUtcNow(), severity, kind, subject, reason, message) { Tenant = tenant };
            List<TxnOp> ops =
            [
                TxnOp.Put(StoreKeys.EventCounter, Number(sequence)),
                TxnOp.Put(StoreKeys.Event(log, record.Sequence), StateStoreJsonExtensions.ToJsonValue(record, ControlPlaneJson.Options)),
            ];

            // The log's oldest events go in the same transaction; the count key's revision guards them (every append
            // and prune of this log rewrites it), so a racing writer makes this txn fail and re-read.
            if (count >= Capacity)
            {
                var oldest = await _store.RangeAsync(StoreKeys.LogEvents(log), (int)Math.Min(count - Capacity + 1, 1000), cancellationToken).ConfigureAwait(false);
                ops.AddRange(oldest.Entries.Select(e => TxnOp.Delete(e.Key)));
                count -= oldest.Entries.Count;
            }

            ops.Add(TxnOp.Put(StoreKeys.EventCount(log), Number(count + 1)));
            var result = await _store.TxnAsync(
                new Txn(
                    [
                        TxnCompare.ModRevision(StoreKeys.EventCounter, CompareResult.Equal, counter?.ModRevision ?? 0),
                        TxnCompare.ModRevision(StoreKeys.EventCount(log), CompareResult.Equal, countEntry?.ModRevision ?? 0),
                    ],
                    ops),
                cancellationToken).ConfigureAwait(false);
            if (result.Succeeded)
            {
                return record;
            }
        }
    }

    /// <summary>
    /// Every log's events (for admins) after <paramref name="afterSequence"/> (all when null), oldest first, at most
    /// <paramref name="limit"/>; with the store revision read.
    /// </summary>
    public async Task<(IReadOnlyList<EventRecord> Events, long Revision)> ListAsync(string? afterSequence, int? limit, CancellationToken cancellationToken)
    {
        var range = await _store.RangeAsync(StoreKeys.Events, cancellationToken: cancellationToken).ConfigureAwait(false);
        var events = range.Entries
            .Select(e => e.ValueAsJson<EventRecord>(ControlPlaneJson.Options)!)
            .Where(e => afterSequence is null || string.CompareOrdinal(e.Sequence, afterSequence) > 0)
            .OrderBy(e => e.Sequence, StringComparer.Ordinal);
        return ([.. limit is { } n ? events.Take(n) : events], range.Revision);
    }

    /// <summary>
    /// One log's events — a tenant's, or <see cref="SystemLog"/> — after <paramref name="afterSequence"/>, oldest first,
    /// at most <paramref name="limit"/>; with the store revision read. Reads nothing of other logs.
    /// </summary>
    public async Task<(IReadOnlyList<EventRecord> Events, long Revision)> ListLogAsync(string log, string? afterSequence, int? limit, CancellationToken cancellationToken)
    {
        CheckLog(log);
        var range = await _store.RangeAsync(StoreKeys.LogEvents(log), cancellationToken: cancellationToken).ConfigureAwait(false);
        var events = range.Entries
            .Select(e => e.ValueAsJson<EventRecord>(ControlPlaneJson.Options)!)
            .Where(e => afterSequence is null || string.CompareOrdinal(e.Sequence, afterSequence) > 0);
        return ([.. limit is { } n ? events.Take(n) : events], range.Revision);
    }

    /// <summary>Every event of every log recorded after store revision <paramref name="fromRevision"/> (from <see cref="ListAsync"/>), live, until cancelled.</summary>
    public IAsyncEnumerable<EventRecord> FollowAsync(long fromRevision, CancellationToken cancellationToken) =>
        FollowPrefixAsync(StoreKeys.Events, fromRevision, cancellationToken);

    /// <summary>Every event of one log recorded after store revision <paramref name="fromRevision"/>, live, until cancelled.</summary>
    public IAsyncEnumerable<EventRecord> FollowLogAsync(string log, long fromRevision, CancellationToken cancellationToken)
    {
        CheckLog(log);
        return FollowPrefixAsync(StoreKeys.LogEvents(log), fromRevision, cancellationToken);
    }

    private async IAsyncEnumerable<EventRecord> FollowPrefixAsync(string prefix, long fromRevision, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var change in _store.WatchAsync(prefix, fromRevision, cancellationToken).ConfigureAwait(false))
        {
            if (change.Kind == WatchEventKind.Put && change.Entry.Version == 1)
            {
                yield return change.Entry.ValueAsJson<EventRecord>(ControlPlaneJson.Options)!;
            }
        }
    }

    private static void CheckLog(string log)
    {
        if (log != SystemLog && !DeploymentRef.IsValidPart(log))
        {
            throw new ArgumentException($"\"{log}\" is neither a tenant nor the system log", nameof(log));
        }
    }

    private static long ParseNumber(KeyValueEntry? entry) =>
        entry is null ? 0 : long.Parse(entry.ValueAsString(), CultureInfo.InvariantCulture);

    private static byte[] Number(long value) => Encoding.UTF8.GetBytes(value.ToString(CultureInfo.InvariantCulture));
}

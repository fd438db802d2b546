using System.Globalization;
using System.Runtime.CompilerServices;
using Nines.ControlPlane.Model;
using Nines.Store;

namespace Nines.ControlPlane.Repositories;

/// <summary>
/// The user-visible event log at <c>/nines/events/</c>. Each event takes the next number of a counter key in the
/// same transaction that writes it (compare-on-revision, retried on a race), so numbers are unique and gap-free
/// across processes; the log keeps the newest <see cref="Capacity"/> events (compacted by count).
/// </summary>
public sealed class EventLog
{
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

    /// <summary>How many events are kept; appending one more drops the oldest.</summary>
    public int Capacity { get; }

    /// <summary>The sequence as stored: 20 digits, zero-padded.</summary>
    public static string FormatSequence(long sequence) => sequence.ToString("D20", CultureInfo.InvariantCulture);

    /// <summary>Records an event and returns it with its sequence.</summary>
    public async Task<EventRecord> AppendAsync(EventSeverity severity, string kind, string subject, string? reason, string message, CancellationToken cancellationToken)
    {
        while (true)
        {
            var counter = await _store.GetAsync(StoreKeys.EventCounter, cancellationToken).ConfigureAwait(false);
            var last = counter is null ? 0 : long.Parse(counter.ValueAsString(), CultureInfo.InvariantCulture);
            var sequence = last + 1;
            var record = new EventRecord(FormatSequence(sequence), _time.GetUtcNow(), severity, kind, subject, reason, message);
            List<TxnOp> ops =
            [
                TxnOp.Put(StoreKeys.EventCounter, System.Text.Encoding.UTF8.GetBytes(sequence.ToString(CultureInfo.InvariantCulture))),
                TxnOp.Put(StoreKeys.Event(record.Sequence), StateStoreJsonExtensions.ToJsonValue(record, ControlPlaneJson.Options)),
            ];
            if (sequence > Capacity)
            {
                ops.Add(TxnOp.Delete(StoreKeys.Event(FormatSequence(sequence - Capacity))));
            }

            var result = await _store.TxnAsync(
                new Txn([TxnCompare.ModRevision(StoreKeys.EventCounter, CompareResult.Equal, counter?.ModRevision ?? 0)], ops),
                cancellationToken).ConfigureAwait(false);
            if (result.Succeeded)
            {
                return record;
            }
        }
    }

    /// <summary>The events after <paramref name="afterSequence"/> (all when null), oldest first, at most <paramref name="limit"/>; with the store revision read.</summary>
    public async Task<(IReadOnlyList<EventRecord> Events, long Revision)> ListAsync(string? afterSequence, int? limit, CancellationToken cancellationToken)
    {
        var range = await _store.RangeAsync(StoreKeys.Events, cancellationToken: cancellationToken).ConfigureAwait(false);
        var events = range.Entries
            .Select(e => e.ValueAsJson<EventRecord>(ControlPlaneJson.Options)!)
            .Where(e => afterSequence is null || string.CompareOrdinal(e.Sequence, afterSequence) > 0);
        return ([.. limit is { } n ? events.Take(n) : events], range.Revision);
    }

    /// <summary>Every event recorded after store revision <paramref name="fromRevision"/> (from <see cref="ListAsync"/>), live, until cancelled.</summary>
    public async IAsyncEnumerable<EventRecord> FollowAsync(long fromRevision, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var change in _store.WatchAsync(StoreKeys.Events, fromRevision, cancellationToken).ConfigureAwait(false))
        {
            if (change.Kind == WatchEventKind.Put && change.Entry.Version == 1)
            {
                yield return change.Entry.ValueAsJson<EventRecord>(ControlPlaneJson.Options)!;
            }
        }
    }
}

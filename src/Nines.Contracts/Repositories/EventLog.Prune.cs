using Nines.Contracts.Model;
using Nines.Store;

namespace Nines.Contracts.Repositories;

/// <summary>Retention of the event logs: by age in every log, and by count when <see cref="EventLog.Capacity"/> was lowered.</summary>
public sealed partial class EventLog
{
    private const int PrunePage = 256;

    /// <summary>
    /// Drops, log by log, the events recorded before <paramref name="maxAge"/> ago and any beyond <see cref="Capacity"/>;
    /// events from before per-tenant logs (<c>/nines/events/&lt;sequence&gt;</c>) go by age. Returns how many went.
    /// </summary>
    public async Task<int> PruneAsync(TimeSpan maxAge, CancellationToken cancellationToken)
    {
        var cutoff = _time.GetUtcNow() - maxAge;
        var pruned = 0;
        var logs = await _store.RangeAsync(StoreKeys.EventCounts, cancellationToken: cancellationToken).ConfigureAwait(false);
        foreach (var entry in logs.Entries)
        {
            pruned += await PruneLogAsync(entry.Key.ToString()[StoreKeys.EventCounts.Length..], cutoff, cancellationToken).ConfigureAwait(false);
        }

        return pruned + await PruneUnsortedAsync(cutoff, cancellationToken).ConfigureAwait(false);
    }

    private async Task<int> PruneLogAsync(string log, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var pruned = 0;
        while (true)
        {
            var countEntry = await _store.GetAsync(StoreKeys.EventCount(log), cancellationToken).ConfigureAwait(false);
            var count = ParseNumber(countEntry);
            var page = await _store.RangeAsync(StoreKeys.LogEvents(log), PrunePage, cancellationToken).ConfigureAwait(false);

            // Oldest first: the victims are a leading run, up to the first event young enough and within the cap.
            var victims = page.Entries
                .Select((e, i) => (e.Key, Record: e.ValueAsJson<EventRecord>(ControlPlaneJson.Options)!, Index: i))
                .TakeWhile(v => count - v.Index > Capacity || v.Record.Time < cutoff)
                .Select(v => v.Key)
                .ToList();
            if (victims.Count == 0)
            {
                return pruned;
            }

            List<TxnOp> ops = [.. victims.Select(TxnOp.Delete), TxnOp.Put(StoreKeys.EventCount(log), Number(count - victims.Count))];
            var result = await _store.TxnAsync(
                new Txn([TxnCompare.ModRevision(StoreKeys.EventCount(log), CompareResult.Equal, countEntry?.ModRevision ?? 0)], ops),
                cancellationToken).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                continue; // An append or another pruner changed the log: read it again.
            }

            pruned += victims.Count;
            if (victims.Count < page.Entries.Count || !page.More)
            {
                return pruned;
            }
        }
    }

    /// <summary>Events stored before the logs were per tenant, directly under <c>/nines/events/</c>: dropped by age.</summary>
    private async Task<int> PruneUnsortedAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        // Their keys are 20-digit sequences below 10^19, so they all start with "0"; a tenant's log starting with "0"
        // has a '/' after its name and is skipped.
        var prefix = StoreKeys.Events + "0";
        var range = await _store.RangeAsync(prefix, cancellationToken: cancellationToken).ConfigureAwait(false);
        var victims = range.Entries
            .Where(e => !e.Key.ToString()[StoreKeys.Events.Length..].Contains('/', StringComparison.Ordinal))
            .Where(e => e.ValueAsJson<EventRecord>(ControlPlaneJson.Options)!.Time < cutoff)
            .Select(e => e.Key)
            .ToList();
        foreach (var batch in victims.Chunk(PrunePage))
        {
            await _store.TxnAsync(new Txn([], [.. batch.Select(TxnOp.Delete)]), cancellationToken).ConfigureAwait(false);
        }

        return victims.Count;
    }
}

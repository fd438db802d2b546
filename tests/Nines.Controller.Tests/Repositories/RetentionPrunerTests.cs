using Nines.Contracts.Model;
using Nines.Contracts.Repositories;
using Nines.Controller.Repositories;
using Nines.Store;
using Nines.Store.Memory;
using Nines.Testing;

namespace Nines.Controller.Tests.Repositories;

public sealed class RetentionPrunerTests
{
    [Fact]
    public async Task PruneOnceAsync_LongHistory_PrunesByTheOptionsAndCompactsToTheLastRevisionsKept()
    {
        var time = new FakeTimeProvider();
        await using var store = new MemoryStateStore(time);
        var events = new EventLog(store, time);
        var operations = new OperationRepository(store, time);
        for (var i = 0; i < 30; i++)
        {
            await events.AppendAsync(EventSeverity.Normal, "Old", "acme/lab", null, $"{i}", CancellationToken.None);
        }

        time.Advance(TimeSpan.FromDays(2));
        await events.AppendAsync(EventSeverity.Normal, "New", "acme/lab", null, "new", CancellationToken.None);
        var pruner = new RetentionPruner(store, events, operations, new RetentionOptions { EventMaxAge = TimeSpan.FromDays(1), HistoryKeepRevisions = 10 }, time);

        var pass = await pruner.PruneOnceAsync(CancellationToken.None);

        pass.Events.ShouldBe(30);
        var head = (await store.RangeAsync(StoreKeys.Events)).Revision;
        pass.CompactedTo.ShouldBe(head - 10);
        (await events.ListAsync(null, null, CancellationToken.None)).Events.Select(e => e.Kind).ShouldBe(["New"]);
        await Should.ThrowAsync<StoreCompactedException>(async () =>
        {
            await foreach (var change in store.WatchAsync(StoreKeys.Events, 1, CancellationToken.None))
            {
                _ = change;
            }
        });
    }
}

namespace Nines.Store.Tests.Contract;

/// <summary>Watches: replay from a revision, then live changes; prefixes, previous values, cancellation, compaction.</summary>
public abstract partial class StateStoreContract
{
    [Fact]
    public async Task WatchAsync_FromRevision_ReplaysHistoryThenLiveChanges()
    {
        var first = await Store.PutAsync("/w/a", Bytes("1"));
        await Store.PutAsync("/w/b", Bytes("2"));
        using var cts = new CancellationTokenSource();
        await using var watch = Store.WatchAsync("/w/", first - 1, cts.Token).GetAsyncEnumerator(cts.Token);

        var replayed = await TakeAsync(watch, 2);
        var livePut = Store.PutAsync("/w/c", Bytes("3"));
        var live = await TakeAsync(watch, 1);

        replayed.Select(e => e.Entry.Key.ToString()).ShouldBe(["/w/a", "/w/b"]);
        replayed.Select(e => e.Revision).ShouldBe([first, first + 1]);
        live.Single().Entry.Key.ToString().ShouldBe("/w/c");
        live.Single().Revision.ShouldBe(await livePut);
    }

    [Fact]
    public async Task WatchAsync_ChangesBetweenCallAndFirstMoveNext_AreDelivered()
    {
        var from = (await Store.RangeAsync("/w/")).Revision;
        using var cts = new CancellationTokenSource();
        var watch = Store.WatchAsync("/w/", from, cts.Token);
        await Store.PutAsync("/w/early", Bytes("1"));
        await Store.DeleteAsync("/w/early");

        await using var events = watch.GetAsyncEnumerator(cts.Token);
        var seen = await TakeAsync(events, 2);

        seen.Select(e => e.Kind).ShouldBe([WatchEventKind.Put, WatchEventKind.Delete]);
    }

    [Fact]
    public async Task WatchAsync_FromCurrentRevision_SkipsPastChanges()
    {
        await Store.PutAsync("/w/old", Bytes("1"));
        var from = (await Store.RangeAsync("/w/")).Revision;
        using var cts = new CancellationTokenSource();
        await using var watch = Store.WatchAsync("/w/", from, cts.Token).GetAsyncEnumerator(cts.Token);

        await Store.PutAsync("/w/new", Bytes("2"));

        (await TakeAsync(watch, 1)).Single().Entry.Key.ToString().ShouldBe("/w/new");
    }

    [Fact]
    public async Task WatchAsync_Prefix_IgnoresSiblingsSharingTheText()
    {
        var from = (await Store.RangeAsync("/")).Revision;
        using var cts = new CancellationTokenSource();
        await using var watch = Store.WatchAsync("a/b/", from, cts.Token).GetAsyncEnumerator(cts.Token);

        await Store.PutAsync("a/bc", Bytes("sibling"));
        await Store.PutAsync("a/b", Bytes("parent"));
        await Store.PutAsync("a/b/x", Bytes("child"));

        var seen = await TakeAsync(watch, 1);
        seen.Single().Entry.Key.ToString().ShouldBe("a/b/x");
        (await StaysQuietAsync(watch, cts)).ShouldBeTrue();
    }

    [Fact]
    public async Task WatchAsync_PutAndDelete_CarryThePreviousEntry()
    {
        var created = await Store.PutAsync("/w/k", Bytes("old"));
        using var cts = new CancellationTokenSource();
        await using var watch = Store.WatchAsync("/w/", created, cts.Token).GetAsyncEnumerator(cts.Token);

        var updated = await Store.PutAsync("/w/k", Bytes("new"));
        var deleted = (await Store.DeleteAsync("/w/k")).Revision;
        var seen = await TakeAsync(watch, 2);

        var put = seen[0];
        put.Kind.ShouldBe(WatchEventKind.Put);
        Text(put.Entry.Value).ShouldBe("new");
        put.Entry.Version.ShouldBe(2);
        put.Entry.CreateRevision.ShouldBe(created);
        Text(put.Previous.ShouldNotBeNull().Value).ShouldBe("old");
        put.Previous.ModRevision.ShouldBe(created);

        var delete = seen[1];
        delete.Kind.ShouldBe(WatchEventKind.Delete);
        delete.Entry.Key.ToString().ShouldBe("/w/k");
        delete.Revision.ShouldBe(deleted);
        Text(delete.Previous.ShouldNotBeNull().Value).ShouldBe("new");
        delete.Previous.ModRevision.ShouldBe(updated);
    }

    [Fact]
    public async Task WatchAsync_NewKey_HasNoPreviousEntry()
    {
        var from = (await Store.RangeAsync("/")).Revision;
        using var cts = new CancellationTokenSource();
        await using var watch = Store.WatchAsync("/w/", from, cts.Token).GetAsyncEnumerator(cts.Token);

        await Store.PutAsync("/w/fresh", Bytes("1"));

        (await TakeAsync(watch, 1)).Single().Previous.ShouldBeNull();
    }

    [Fact]
    public async Task WatchAsync_Txn_DeliversItsChangesInOrderAtOneRevision()
    {
        await Store.PutAsync("/w/gone", Bytes("x"));
        var from = (await Store.RangeAsync("/")).Revision;
        using var cts = new CancellationTokenSource();
        await using var watch = Store.WatchAsync("/w/", from, cts.Token).GetAsyncEnumerator(cts.Token);

        var txn = await Store.TxnAsync(new Txn([], [TxnOp.Put("/w/b", Bytes("1")), TxnOp.Delete("/w/gone"), TxnOp.Put("/w/a", Bytes("2"))]));
        var seen = await TakeAsync(watch, 3);

        seen.Select(e => (e.Kind, e.Entry.Key.ToString())).ShouldBe([
            (WatchEventKind.Put, "/w/b"), (WatchEventKind.Delete, "/w/gone"), (WatchEventKind.Put, "/w/a")]);
        seen.ShouldAllBe(e => e.Revision == txn.Revision);
    }

    [Fact]
    public async Task WatchAsync_Cancelled_EndsWithOperationCanceled()
    {
        var from = (await Store.RangeAsync("/")).Revision;
        using var cts = new CancellationTokenSource();
        await using var watch = Store.WatchAsync("/w/", from, cts.Token).GetAsyncEnumerator(cts.Token);
        var pending = watch.MoveNextAsync().AsTask();

        await cts.CancelAsync();

        var error = await Record.ExceptionAsync(() => pending.WaitAsync(Patience));
        error.ShouldBeAssignableTo<OperationCanceledException>();
    }

    [Fact]
    public async Task WatchAsync_TwoWatchers_EachSeeEveryChange()
    {
        var from = (await Store.RangeAsync("/")).Revision;
        using var cts = new CancellationTokenSource();
        await using var one = Store.WatchAsync("/w/", from, cts.Token).GetAsyncEnumerator(cts.Token);
        await using var two = Store.WatchAsync("/w/", from, cts.Token).GetAsyncEnumerator(cts.Token);

        for (var i = 0; i < 3; i++)
        {
            await Store.PutAsync($"/w/{i}", Bytes($"{i}"));
        }

        (await TakeAsync(one, 3)).Select(e => e.Revision).ShouldBe((await TakeAsync(two, 3)).Select(e => e.Revision));
    }

    [Fact]
    public async Task WatchAsync_FromCompactedRevision_ThrowsStoreCompacted()
    {
        var revisions = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            revisions.Add(await Store.PutAsync("/w/k", Bytes($"{i}")));
        }

        await Store.CompactAsync(revisions[2]);
        await using var watch = Store.WatchAsync("/w/", revisions[1]).GetAsyncEnumerator();

        var error = await Should.ThrowAsync<StoreCompactedException>(() => watch.MoveNextAsync().AsTask().WaitAsync(Patience));
        error.CompactRevision.ShouldBe(revisions[2]);
    }

    [Fact]
    public async Task WatchAsync_FromTheCompactRevision_DeliversLaterChanges()
    {
        var revisions = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            revisions.Add(await Store.PutAsync("/w/k", Bytes($"{i}")));
        }

        await Store.CompactAsync(revisions[2]);
        using var cts = new CancellationTokenSource();
        await using var watch = Store.WatchAsync("/w/", revisions[2], cts.Token).GetAsyncEnumerator(cts.Token);

        (await TakeAsync(watch, 2)).Select(e => e.Revision).ShouldBe([revisions[3], revisions[4]]);
    }

    [Fact]
    public async Task CompactAsync_FutureRevision_ThrowsArgumentOutOfRange()
    {
        var head = await Store.PutAsync("/a", Bytes("1"));

        await Should.ThrowAsync<ArgumentOutOfRangeException>(() => Store.CompactAsync(head + 10));
    }
}

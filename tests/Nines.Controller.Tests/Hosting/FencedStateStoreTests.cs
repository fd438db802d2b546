using Nines.Controller.Hosting;
using Nines.Store;
using Nines.Store.Memory;

namespace Nines.Controller.Tests.Hosting;

/// <summary>The term fence: writes of a leader whose election key was replaced (or is gone) fail as a whole.</summary>
public sealed class FencedStateStoreTests
{
    private const string ElectionKey = "/nines/election/controller";

    [Fact]
    public async Task Put_TermStillCurrent_Writes()
    {
        await using var store = new MemoryStateStore();
        var fenced = await TermAsync(store);

        await fenced.PutStringAsync("/nines/x", "1");

        (await store.GetAsync("/nines/x"))!.ValueAsString().ShouldBe("1");
    }

    [Fact]
    public async Task PutAndDelete_AnotherLeaderCreatedTheKey_ThrowLeadershipLostAndChangeNothing()
    {
        await using var store = new MemoryStateStore();
        await store.PutStringAsync("/nines/x", "before");
        var fenced = await TermAsync(store);
        await store.DeleteAsync(ElectionKey);
        await store.PutStringAsync(ElectionKey, "controller-2");

        var put = await Should.ThrowAsync<LeadershipLostException>(() => fenced.PutStringAsync("/nines/x", "after"));
        await Should.ThrowAsync<LeadershipLostException>(() => fenced.DeleteAsync("/nines/x"));
        await Should.ThrowAsync<LeadershipLostException>(() => fenced.DeleteRangeAsync("/nines/"));

        put.CurrentRevision.ShouldBeGreaterThan(put.TermRevision);
        (await store.GetAsync("/nines/x"))!.ValueAsString().ShouldBe("before");
    }

    [Fact]
    public async Task Txn_KeyGone_ThrowsLeadershipLost()
    {
        await using var store = new MemoryStateStore();
        var fenced = await TermAsync(store);
        await store.DeleteAsync(ElectionKey);

        var error = await Should.ThrowAsync<LeadershipLostException>(() => fenced.TxnAsync(new Txn([TxnCompare.Absent("/nines/x")], [TxnOp.Put("/nines/x", "v"u8.ToArray())])));

        error.CurrentRevision.ShouldBe(0);
        (await store.GetAsync("/nines/x")).ShouldBeNull();
    }

    [Fact]
    public async Task Txn_OwnCompareFailsInTerm_ReturnsFailureBranchWithoutTheElectionRead()
    {
        await using var store = new MemoryStateStore();
        await store.PutStringAsync("/nines/x", "theirs");
        var fenced = await TermAsync(store);

        var result = await fenced.TxnAsync(new Txn([TxnCompare.Absent("/nines/x")], [TxnOp.Put("/nines/x", "mine"u8.ToArray())], [TxnOp.Get("/nines/x")]));

        result.Succeeded.ShouldBeFalse();
        result.Results.Count.ShouldBe(1);
        result.Results[0].Entries.Single().ValueAsString().ShouldBe("theirs");
    }

    [Fact]
    public async Task Txn_InTerm_Succeeds()
    {
        await using var store = new MemoryStateStore();
        var fenced = await TermAsync(store);

        var result = await fenced.TxnAsync(new Txn([TxnCompare.Absent("/nines/x")], [TxnOp.Put("/nines/x", "mine"u8.ToArray())]));

        result.Succeeded.ShouldBeTrue();
        (await store.GetAsync("/nines/x"))!.ValueAsString().ShouldBe("mine");
    }

    private static async Task<FencedStateStore> TermAsync(MemoryStateStore store)
    {
        await store.PutStringAsync(ElectionKey, "controller-1");
        var key = (await store.GetAsync(ElectionKey))!;
        return new FencedStateStore(store, ElectionKey, key.CreateRevision);
    }
}

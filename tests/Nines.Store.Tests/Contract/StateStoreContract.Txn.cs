namespace Nines.Store.Tests.Contract;

/// <summary>Transactions: compare semantics, atomicity and the compare-on-revision commit.</summary>
public abstract partial class StateStoreContract
{
    [Fact]
    public async Task TxnAsync_ModRevisionStillCurrent_RunsSuccessAtANewRevision()
    {
        var seen = await Store.PutAsync("/plan", Bytes("v1"));

        var result = await Store.TxnAsync(new Txn(
            [TxnCompare.ModRevision("/plan", CompareResult.Equal, seen)],
            [TxnOp.Put("/plan", Bytes("v2"))],
            [TxnOp.Get("/plan")]));

        result.Succeeded.ShouldBeTrue();
        result.Revision.ShouldBe(seen + 1);
        Text((await Store.GetAsync("/plan")).ShouldNotBeNull().Value).ShouldBe("v2");
    }

    [Fact]
    public async Task TxnAsync_ModRevisionStale_RunsFailureAndWritesNothing()
    {
        var stale = await Store.PutAsync("/plan", Bytes("v1"));
        var current = await Store.PutAsync("/plan", Bytes("v2"));

        var result = await Store.TxnAsync(new Txn(
            [TxnCompare.ModRevision("/plan", CompareResult.Equal, stale)],
            [TxnOp.Put("/plan", Bytes("mine"))],
            [TxnOp.Get("/plan")]));

        result.Succeeded.ShouldBeFalse();
        result.Revision.ShouldBe(current);
        var read = result.Results.Single().Entries.Single();
        Text(read.Value).ShouldBe("v2");
        read.ModRevision.ShouldBe(current);
    }

    [Fact]
    public async Task TxnAsync_AbsentCompare_HoldsOnlyForAMissingKey()
    {
        var create = new Txn([TxnCompare.Absent("/lock")], [TxnOp.Put("/lock", Bytes("me"))]);

        (await Store.TxnAsync(create)).Succeeded.ShouldBeTrue();
        (await Store.TxnAsync(create)).Succeeded.ShouldBeFalse();
        await Store.DeleteAsync("/lock");
        (await Store.TxnAsync(create)).Succeeded.ShouldBeTrue();
    }

    [Fact]
    public async Task TxnAsync_MissingKey_ComparesZeroForNumbers()
    {
        var result = await Store.TxnAsync(new Txn(
            [
                TxnCompare.Version("/none", CompareResult.Equal, 0),
                TxnCompare.ModRevision("/none", CompareResult.Less, 1),
                TxnCompare.Lease("/none", CompareResult.Equal, 0),
            ],
            []));

        result.Succeeded.ShouldBeTrue();
    }

    [Theory]
    [InlineData(CompareResult.Equal, 2, true)]
    [InlineData(CompareResult.Equal, 3, false)]
    [InlineData(CompareResult.NotEqual, 3, true)]
    [InlineData(CompareResult.Greater, 1, true)]
    [InlineData(CompareResult.Greater, 2, false)]
    [InlineData(CompareResult.Less, 3, true)]
    [InlineData(CompareResult.Less, 2, false)]
    public async Task TxnAsync_VersionCompare_FollowsTheResult(CompareResult result, long operand, bool holds)
    {
        await Store.PutAsync("/v", Bytes("1"));
        await Store.PutAsync("/v", Bytes("2"));

        var outcome = await Store.TxnAsync(new Txn([TxnCompare.Version("/v", result, operand)], []));

        outcome.Succeeded.ShouldBe(holds);
    }

    [Fact]
    public async Task TxnAsync_ValueCompare_ComparesBytesAndFailsForAMissingKey()
    {
        await Store.PutAsync("/v", Bytes("bbb"));

        (await Store.TxnAsync(new Txn([TxnCompare.ValueIs("/v", CompareResult.Equal, Bytes("bbb"))], []))).Succeeded.ShouldBeTrue();
        (await Store.TxnAsync(new Txn([TxnCompare.ValueIs("/v", CompareResult.Greater, Bytes("bb"))], []))).Succeeded.ShouldBeTrue();
        (await Store.TxnAsync(new Txn([TxnCompare.ValueIs("/v", CompareResult.Less, Bytes("c"))], []))).Succeeded.ShouldBeTrue();
        (await Store.TxnAsync(new Txn([TxnCompare.ValueIs("/none", CompareResult.NotEqual, Bytes("x"))], []))).Succeeded.ShouldBeFalse();
        (await Store.TxnAsync(new Txn([TxnCompare.ValueIs("/none", CompareResult.Equal, ReadOnlyMemory<byte>.Empty)], []))).Succeeded.ShouldBeFalse();
    }

    [Fact]
    public async Task TxnAsync_OneCompareFails_RunsFailureBranch()
    {
        var revision = await Store.PutAsync("/a", Bytes("1"));

        var result = await Store.TxnAsync(new Txn(
            [TxnCompare.ModRevision("/a", CompareResult.Equal, revision), TxnCompare.Exists("/b")],
            [TxnOp.Put("/a", Bytes("won"))],
            [TxnOp.Put("/a", Bytes("lost"))]));

        result.Succeeded.ShouldBeFalse();
        Text((await Store.GetAsync("/a")).ShouldNotBeNull().Value).ShouldBe("lost");
    }

    [Fact]
    public async Task TxnAsync_SeveralWrites_ShareOneNewRevision()
    {
        await Store.PutAsync("/old", Bytes("x"));
        var before = await Store.PutAsync("/gone/1", Bytes("x"));

        var result = await Store.TxnAsync(new Txn(
            [],
            [TxnOp.Put("/a", Bytes("1")), TxnOp.Put("/old", Bytes("2")), TxnOp.DeleteRange("/gone/")]));

        result.Revision.ShouldBe(before + 1);
        result.Results[2].Deleted.ShouldBe(1);
        (await Store.GetAsync("/a")).ShouldNotBeNull().ModRevision.ShouldBe(before + 1);
        (await Store.GetAsync("/old")).ShouldNotBeNull().ModRevision.ShouldBe(before + 1);
    }

    [Fact]
    public async Task TxnAsync_GetAfterPutInTheSameBranch_SeesThePut()
    {
        var result = await Store.TxnAsync(new Txn(
            [],
            [TxnOp.Get("/a"), TxnOp.Put("/a", Bytes("new")), TxnOp.Get("/a"), TxnOp.Range("/", limit: 10)]));

        result.Results[0].Entries.ShouldBeEmpty();
        var read = result.Results[2].Entries.Single();
        Text(read.Value).ShouldBe("new");
        read.ModRevision.ShouldBe(result.Revision);
        result.Results[3].Entries.Count.ShouldBe(1);
    }

    [Fact]
    public async Task TxnAsync_ReadsOnly_KeepsTheRevision()
    {
        var revision = await Store.PutAsync("/a", Bytes("1"));

        var result = await Store.TxnAsync(new Txn([TxnCompare.Exists("/a")], [TxnOp.Get("/a"), TxnOp.Delete("/none")]));

        result.Revision.ShouldBe(revision);
        (await Store.RangeAsync("/")).Revision.ShouldBe(revision);
    }

    [Fact]
    public async Task TxnAsync_SameKeyPutTwice_ThrowsAndWritesNothing()
    {
        var revision = await Store.PutAsync("/a", Bytes("1"));

        await Should.ThrowAsync<ArgumentException>(() => Store.TxnAsync(new Txn(
            [], [TxnOp.Put("/b", Bytes("1")), TxnOp.Put("/b", Bytes("2"))])));
        await Should.ThrowAsync<ArgumentException>(() => Store.TxnAsync(new Txn(
            [], [TxnOp.Put("/d/x", Bytes("1")), TxnOp.DeleteRange("/d/")])));

        (await Store.RangeAsync("/")).Revision.ShouldBe(revision);
    }

    [Fact]
    public async Task TxnAsync_PutWithUnknownLease_ThrowsAndRollsBackEarlierOps()
    {
        var revision = await Store.PutAsync("/a", Bytes("1"));

        await Should.ThrowAsync<LeaseNotFoundException>(() => Store.TxnAsync(new Txn(
            [], [TxnOp.Put("/a", Bytes("2")), TxnOp.Put("/b", Bytes("x"), lease: 987654321)])));

        Text((await Store.GetAsync("/a")).ShouldNotBeNull().Value).ShouldBe("1");
        (await Store.GetAsync("/b")).ShouldBeNull();
        (await Store.RangeAsync("/")).Revision.ShouldBe(revision);
    }

    [Fact]
    public async Task TxnAsync_RacingCompareOnRevisionCommits_ExactlyOneWins()
    {
        const int Racers = 8;
        var seen = await Store.PutAsync("/plan", Bytes("initial"));
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var racers = Enumerable.Range(0, Racers).Select(i => Task.Run(async () =>
        {
            await start.Task;
            return await Store.TxnAsync(new Txn(
                [TxnCompare.ModRevision("/plan", CompareResult.Equal, seen)],
                [TxnOp.Put("/plan", Bytes($"racer{i}"))]));
        })).ToList();
        start.SetResult();
        var results = await Task.WhenAll(racers);

        var winners = results.Select((r, i) => (r, i)).Where(x => x.r.Succeeded).ToList();
        winners.Count.ShouldBe(1);
        Text((await Store.GetAsync("/plan")).ShouldNotBeNull().Value).ShouldBe($"racer{winners[0].i}");
        (await Store.GetAsync("/plan")).ShouldNotBeNull().Version.ShouldBe(2);
    }

    [Fact]
    public async Task TxnAsync_RacingCreateIfAbsent_ExactlyOneWins()
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var racers = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            await start.Task;
            return await Store.TxnAsync(new Txn([TxnCompare.Absent("/leader")], [TxnOp.Put("/leader", Bytes($"{i}"))]));
        })).ToList();
        start.SetResult();

        (await Task.WhenAll(racers)).Count(r => r.Succeeded).ShouldBe(1);
    }
}

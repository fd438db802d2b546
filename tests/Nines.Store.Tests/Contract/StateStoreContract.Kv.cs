namespace Nines.Store.Tests.Contract;

/// <summary>Keys, values and revisions.</summary>
public abstract partial class StateStoreContract
{
    [Fact]
    public async Task GetAsync_MissingKey_ReturnsNull() =>
        (await Store.GetAsync("/nines/missing")).ShouldBeNull();

    [Fact]
    public async Task PutAsync_NewKey_CreatesVersionOneAtTheReturnedRevision()
    {
        var revision = await Store.PutAsync("/a", Bytes("one"));

        var entry = (await Store.GetAsync("/a")).ShouldNotBeNull();
        Text(entry.Value).ShouldBe("one");
        entry.CreateRevision.ShouldBe(revision);
        entry.ModRevision.ShouldBe(revision);
        entry.Version.ShouldBe(1);
        entry.Lease.ShouldBe(0);
    }

    [Fact]
    public async Task PutAsync_ExistingKey_KeepsCreateRevisionAndBumpsVersion()
    {
        var created = await Store.PutAsync("/a", Bytes("one"));
        var updated = await Store.PutAsync("/a", Bytes("two"));

        var entry = (await Store.GetAsync("/a")).ShouldNotBeNull();
        Text(entry.Value).ShouldBe("two");
        entry.CreateRevision.ShouldBe(created);
        entry.ModRevision.ShouldBe(updated);
        entry.Version.ShouldBe(2);
    }

    [Fact]
    public async Task PutAsync_EveryWrite_BumpsTheRevisionByOne()
    {
        var start = (await Store.RangeAsync("/")).Revision;
        var revisions = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            revisions.Add(await Store.PutAsync($"/k{i % 2}", Bytes($"{i}")));
        }

        revisions.ShouldBe([start + 1, start + 2, start + 3, start + 4, start + 5]);
        (await Store.RangeAsync("/")).Revision.ShouldBe(start + 5);
    }

    [Fact]
    public async Task PutAsync_EmptyKey_ThrowsArgumentException() =>
        await Should.ThrowAsync<ArgumentException>(() => Store.PutAsync(StoreKey.Empty, Bytes("x")));

    [Fact]
    public async Task PutAsync_BinaryKeyAndValue_RoundTripByteForByte()
    {
        var key = StoreKey.FromBytes([0x2F, 0x00, 0xFF, 0xC3]);
        byte[] value = [0x00, 0x01, 0xFE, 0xFF];

        await Store.PutAsync(key, value);

        var entry = (await Store.GetAsync(key)).ShouldNotBeNull();
        entry.Key.ShouldBe(key);
        entry.Value.ToArray().ShouldBe(value);
    }

    [Fact]
    public async Task PutAsync_EmptyValue_IsStoredAsPresent()
    {
        await Store.PutAsync("/empty", ReadOnlyMemory<byte>.Empty);

        var entry = (await Store.GetAsync("/empty")).ShouldNotBeNull();
        entry.Value.Length.ShouldBe(0);
    }

    [Fact]
    public async Task DeleteAsync_ExistingKey_RemovesItAtANewRevision()
    {
        var put = await Store.PutAsync("/a", Bytes("one"));

        var deleted = await Store.DeleteAsync("/a");

        deleted.ShouldBe(new DeleteResult(1, put + 1));
        (await Store.GetAsync("/a")).ShouldBeNull();
    }

    [Fact]
    public async Task DeleteAsync_MissingKey_DeletesNothingAndKeepsTheRevision()
    {
        var put = await Store.PutAsync("/a", Bytes("one"));

        (await Store.DeleteAsync("/b")).ShouldBe(new DeleteResult(0, put));
        (await Store.RangeAsync("/")).Revision.ShouldBe(put);
    }

    [Fact]
    public async Task PutAsync_AfterDelete_StartsANewLifeAtVersionOne()
    {
        await Store.PutAsync("/a", Bytes("one"));
        await Store.PutAsync("/a", Bytes("two"));
        await Store.DeleteAsync("/a");

        var recreated = await Store.PutAsync("/a", Bytes("three"));

        var entry = (await Store.GetAsync("/a")).ShouldNotBeNull();
        entry.CreateRevision.ShouldBe(recreated);
        entry.Version.ShouldBe(1);
    }

    [Fact]
    public async Task RangeAsync_DirectoryPrefix_ReturnsOnlyKeysUnderItInByteOrder()
    {
        foreach (var key in new[] { "a/b/z", "a/bc", "a/b", "a/b/a", "a/b/a/deep", "b/x" })
        {
            await Store.PutAsync(key, Bytes(key));
        }

        var range = await Store.RangeAsync("a/b/");

        range.Entries.Select(e => e.Key.ToString()).ShouldBe(["a/b/a", "a/b/a/deep", "a/b/z"]);
        range.More.ShouldBeFalse();
    }

    [Fact]
    public async Task RangeAsync_PrefixEndingInFF_ReturnsKeysUnderIt()
    {
        var inside = StoreKey.FromBytes([0x61, 0xFF, 0x01]);
        var after = StoreKey.FromBytes([0x62]);
        await Store.PutAsync(inside, Bytes("in"));
        await Store.PutAsync(after, Bytes("out"));

        var range = await Store.RangeAsync(StoreKey.FromBytes([0x61, 0xFF]));

        range.Entries.Select(e => e.Key).ShouldBe([inside]);
    }

    [Fact]
    public async Task RangeAsync_EmptyPrefix_ReturnsEveryKey()
    {
        await Store.PutAsync("x", Bytes("1"));
        await Store.PutAsync("/y", Bytes("2"));

        (await Store.RangeAsync(StoreKey.Empty)).Entries.Count.ShouldBe(2);
    }

    [Fact]
    public async Task RangeAsync_Limit_ReturnsTheFirstKeysAndSaysThereAreMore()
    {
        for (var i = 0; i < 5; i++)
        {
            await Store.PutAsync($"/l/{i}", Bytes($"{i}"));
        }

        var page = await Store.RangeAsync("/l/", limit: 2);
        var all = await Store.RangeAsync("/l/", limit: 5);

        page.Entries.Select(e => e.Key.ToString()).ShouldBe(["/l/0", "/l/1"]);
        page.More.ShouldBeTrue();
        all.More.ShouldBeFalse();
    }

    [Fact]
    public async Task RangeAsync_ReportsTheStoreRevisionEvenForUnrelatedWrites()
    {
        await Store.PutAsync("/dir/a", Bytes("1"));
        var last = await Store.PutAsync("/elsewhere", Bytes("2"));

        var range = await Store.RangeAsync("/dir/");

        range.Revision.ShouldBe(last);
        range.Entries.Single().ModRevision.ShouldBeLessThan(last);
    }

    [Fact]
    public async Task DeleteRangeAsync_Prefix_DeletesOnlyKeysUnderItInOneRevision()
    {
        await Store.PutAsync("a/b/1", Bytes("1"));
        await Store.PutAsync("a/b/2", Bytes("2"));
        var before = await Store.PutAsync("a/bc", Bytes("3"));

        var deleted = await Store.DeleteRangeAsync("a/b/");

        deleted.ShouldBe(new DeleteResult(2, before + 1));
        (await Store.RangeAsync("a/")).Entries.Select(e => e.Key.ToString()).ShouldBe(["a/bc"]);
    }

    [Fact]
    public async Task PutJsonAsync_Record_RoundTripsThroughGetJsonAsync()
    {
        var spec = new SampleSpec("uml1", 64, ["net0", "net1"]);

        await Store.PutJsonAsync("/nines/vms/uml1/spec", spec);

        var read = await Store.GetJsonAsync<SampleSpec>("/nines/vms/uml1/spec");
        read.ShouldNotBeNull();
        read.Name.ShouldBe("uml1");
        read.Networks.ShouldBe(["net0", "net1"]);
        (await Store.GetJsonAsync<SampleSpec>("/nines/vms/none/spec")).ShouldBeNull();
    }

    public sealed record SampleSpec(string Name, int MemoryMib, IReadOnlyList<string> Networks);
}

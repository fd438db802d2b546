namespace Nines.Store.Tests.Contract;

/// <summary>Leases: keys that live only while their owner keeps the lease alive.</summary>
public abstract partial class StateStoreContract
{
    /// <summary>
    /// The TTL the lease cases grant. A fake clock makes any value free; a store on a real clock (etcd) passes
    /// a short one (at least 4 s: the cases check 2 and 3 s before expiry) so the cases wait seconds, not tens.
    /// </summary>
    protected virtual TimeSpan LeaseTtl => TimeSpan.FromSeconds(10);

    [Fact]
    public async Task PutAsync_WithLease_AttachesTheKey()
    {
        var lease = await Store.GrantLeaseAsync(LeaseTtl);

        await Store.PutAsync("/hosts/h1", Bytes("alive"), lease);

        lease.ShouldNotBe(0);
        (await Store.GetAsync("/hosts/h1")).ShouldNotBeNull().Lease.ShouldBe(lease);
    }

    [Fact]
    public async Task PutAsync_UnknownLease_ThrowsLeaseNotFound()
    {
        var error = await Should.ThrowAsync<LeaseNotFoundException>(() => Store.PutAsync("/a", Bytes("1"), lease: 424242));

        error.Lease.ShouldBe(424242);
        (await Store.GetAsync("/a")).ShouldBeNull();
    }

    [Fact]
    public async Task GrantLeaseAsync_TwoLeases_HaveDistinctIds()
    {
        var one = await Store.GrantLeaseAsync(LeaseTtl);
        var two = await Store.GrantLeaseAsync(LeaseTtl);

        one.ShouldNotBe(two);
    }

    [Fact]
    public async Task GrantLeaseAsync_ZeroTtl_ThrowsArgumentOutOfRange() =>
        await Should.ThrowAsync<ArgumentOutOfRangeException>(() => Store.GrantLeaseAsync(TimeSpan.Zero));

    [Fact]
    public async Task Lease_NotKeptAlive_ExpiresAndDeletesItsKeysWithDeleteEvents()
    {
        var lease = await Store.GrantLeaseAsync(LeaseTtl);
        await Store.PutAsync("/hosts/h1", Bytes("alive"), lease);
        await Store.PutAsync("/hosts/h1/kpi", Bytes("ok"), lease);
        await Store.PutAsync("/hosts/h2", Bytes("other"));
        var from = (await Store.RangeAsync("/")).Revision;
        using var cts = new CancellationTokenSource();
        await using var watch = Store.WatchAsync("/hosts/", from, cts.Token).GetAsyncEnumerator(cts.Token);

        await AdvanceAsync(LeaseTtl - TimeSpan.FromSeconds(2));
        (await Store.GetAsync("/hosts/h1")).ShouldNotBeNull();
        await AdvanceAsync(TimeSpan.FromSeconds(4));

        await EventuallyAsync(async () => await Store.GetAsync("/hosts/h1") is null, "the lease's keys are deleted");
        var deletes = await TakeAsync(watch, 2);
        deletes.ShouldAllBe(e => e.Kind == WatchEventKind.Delete);
        deletes.Select(e => e.Entry.Key.ToString()).Order(StringComparer.Ordinal).ShouldBe(["/hosts/h1", "/hosts/h1/kpi"]);
        Text(deletes[0].Previous.ShouldNotBeNull().Value).ShouldNotBeEmpty();
        (await Store.GetAsync("/hosts/h2")).ShouldNotBeNull();
        await Should.ThrowAsync<LeaseNotFoundException>(() => Store.KeepAliveAsync(lease));
    }

    [Fact]
    public async Task KeepAliveAsync_BeforeExpiry_ExtendsTheLease()
    {
        var lease = await Store.GrantLeaseAsync(LeaseTtl);
        await Store.PutAsync("/hosts/h1", Bytes("alive"), lease);

        await AdvanceAsync(LeaseTtl - TimeSpan.FromSeconds(3));
        (await Store.KeepAliveAsync(lease)).ShouldBe(LeaseTtl);
        await AdvanceAsync(LeaseTtl - TimeSpan.FromSeconds(3));

        (await Store.GetAsync("/hosts/h1")).ShouldNotBeNull();
        await AdvanceAsync(TimeSpan.FromSeconds(5));
        await EventuallyAsync(async () => await Store.GetAsync("/hosts/h1") is null, "the lease expires after the kept-alive TTL");
    }

    [Fact]
    public async Task KeepAliveAsync_UnknownLease_ThrowsLeaseNotFound() =>
        await Should.ThrowAsync<LeaseNotFoundException>(() => Store.KeepAliveAsync(31337));

    [Fact]
    public async Task RevokeLeaseAsync_DeletesAttachedKeysInOneRevision()
    {
        var lease = await Store.GrantLeaseAsync(LeaseTtl);
        await Store.PutAsync("/l/a", Bytes("1"), lease);
        var before = await Store.PutAsync("/l/b", Bytes("2"), lease);

        var revision = await Store.RevokeLeaseAsync(lease);

        revision.ShouldBe(before + 1);
        (await Store.RangeAsync("/l/")).Entries.ShouldBeEmpty();
        await Should.ThrowAsync<LeaseNotFoundException>(() => Store.PutAsync("/l/c", Bytes("3"), lease));
        await Should.ThrowAsync<LeaseNotFoundException>(() => Store.RevokeLeaseAsync(lease));
    }

    [Fact]
    public async Task PutAsync_WithoutLeaseOverLeasedKey_DetachesIt()
    {
        var lease = await Store.GrantLeaseAsync(LeaseTtl);
        await Store.PutAsync("/a", Bytes("leased"), lease);
        await Store.PutAsync("/a", Bytes("mine now"));

        await Store.RevokeLeaseAsync(lease);

        var entry = (await Store.GetAsync("/a")).ShouldNotBeNull();
        entry.Lease.ShouldBe(0);
        Text(entry.Value).ShouldBe("mine now");
    }
}

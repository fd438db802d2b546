using System.Diagnostics;
using System.Text;
using Nines.Store.Etcd;
using Nines.Testing.Etcd;

namespace Nines.Store.Tests.Etcd;

/// <summary>What only the etcd store has: options, key prefixes, real-time leases, compaction, unreachable members.</summary>
public sealed class EtcdStateStoreTests : IAsyncLifetime
{
    private static readonly TimeSpan _patience = TimeSpan.FromSeconds(10);
    private EtcdServer? _server;

    private EtcdServer Server => _server ?? throw new InvalidOperationException("etcd is not running");

    public async Task InitializeAsync()
    {
        if (EtcdTestServers.Missing is null)
        {
            _server = await EtcdTestServers.StartAsync();
        }
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public void Connect_InvalidOptions_ThrowsNamingEveryBadField()
    {
        var options = new EtcdStoreOptions
        {
            Endpoints = [new Uri("http://127.0.0.1:2379"), new Uri("ftp://127.0.0.1:2379")],
            RequestTimeout = TimeSpan.Zero,
        };

        var error = Should.Throw<ArgumentException>(() => EtcdStateStore.Connect(options));

        error.Message.ShouldContain("EtcdStoreOptions.Endpoints[1]: 'ftp://127.0.0.1:2379/'");
        error.Message.ShouldContain("EtcdStoreOptions.RequestTimeout");
        error.Message.ShouldNotContain("Endpoints[0]");
    }

    [RequiresEtcdFact]
    public async Task KeyPrefix_TwoStoresOnOneCluster_SeeOnlyTheirOwnKeysAndEvents()
    {
        await using var one = EtcdTestServers.Connect([Server.ClientUrl], "/tenant-one");
        await using var two = EtcdTestServers.Connect([Server.ClientUrl], "/tenant-two");
        await using var raw = EtcdTestServers.Connect([Server.ClientUrl]);
        var from = (await one.RangeAsync(StoreKey.Empty)).Revision;
        using var cts = new CancellationTokenSource(_patience);
        await using var watch = one.WatchAsync(StoreKey.Empty, from, cts.Token).GetAsyncEnumerator(cts.Token);

        await two.PutAsync("/k", Bytes("two"));
        var put = await one.PutAsync("/k", Bytes("one"));

        (await one.RangeAsync(StoreKey.Empty)).Entries.Select(e => (e.Key.ToString(), Text(e.Value))).ShouldBe([("/k", "one")]);
        (await two.GetAsync("/k")).ShouldNotBeNull().Value.ToArray().ShouldBe(Bytes("two"));
        (await raw.RangeAsync("/tenant-")).Entries.Select(e => e.Key.ToString()).ShouldBe(["/tenant-one/k", "/tenant-two/k"]);
        (await watch.MoveNextAsync()).ShouldBeTrue();
        watch.Current.Entry.Key.ToString().ShouldBe("/k");
        watch.Current.Revision.ShouldBe(put);
        (await one.DeleteRangeAsync(StoreKey.Empty)).Deleted.ShouldBe(1);
        (await two.GetAsync("/k")).ShouldNotBeNull();
    }

    [RequiresEtcdFact]
    public async Task Lease_OneSecondTtlNotKeptAlive_EtcdDeletesItsKeysInRealTime()
    {
        await using var store = EtcdTestServers.Connect([Server.ClientUrl]);
        var lease = await store.GrantLeaseAsync(TimeSpan.FromSeconds(1));
        var put = await store.PutAsync("/hosts/h1", Bytes("alive"), lease);
        using var cts = new CancellationTokenSource(_patience);
        await using var watch = store.WatchAsync("/hosts/", put, cts.Token).GetAsyncEnumerator(cts.Token);
        var clock = Stopwatch.StartNew();

        (await watch.MoveNextAsync()).ShouldBeTrue();

        var elapsed = clock.Elapsed;
        watch.Current.Kind.ShouldBe(WatchEventKind.Delete);
        watch.Current.Previous.ShouldNotBeNull().Lease.ShouldBe(lease);
        elapsed.ShouldBeGreaterThan(TimeSpan.FromMilliseconds(500));
        elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(4));
        (await store.GetAsync("/hosts/h1")).ShouldBeNull();
        await Should.ThrowAsync<LeaseNotFoundException>(() => store.TimeToLiveAsync(lease));
    }

    [RequiresEtcdFact]
    public async Task GrantLeaseAsync_SubSecondTtl_RoundsUpToAWholeSecond()
    {
        await using var store = EtcdTestServers.Connect([Server.ClientUrl]);

        var lease = await store.GrantLeaseAsync(TimeSpan.FromMilliseconds(300));

        (await store.TimeToLiveAsync(lease)).ShouldBeInRange(TimeSpan.Zero, TimeSpan.FromSeconds(1));
        (await store.KeepAliveAsync(lease)).ShouldBe(TimeSpan.FromSeconds(1));
    }

    [RequiresEtcdFact]
    public async Task CompactAsync_ThenWatchFromBelow_ThrowsAndRecoversByRangingAgain()
    {
        await using var store = EtcdTestServers.Connect([Server.ClientUrl]);
        var first = await store.PutAsync("/c/a", Bytes("1"));
        var head = await store.PutAsync("/c/a", Bytes("2"));

        // The head itself: etcd would call head + 1 a future revision, so the store compacts exactly to it.
        await store.CompactAsync(head);
        await using var tooOld = store.WatchAsync("/c/", first - 1).GetAsyncEnumerator();
        var error = await Should.ThrowAsync<StoreCompactedException>(() => tooOld.MoveNextAsync().AsTask().WaitAsync(_patience));

        error.CompactRevision.ShouldBeGreaterThanOrEqualTo(first);
        var reread = await store.RangeAsync("/c/");
        using var cts = new CancellationTokenSource(_patience);
        await using var recovered = store.WatchAsync("/c/", reread.Revision, cts.Token).GetAsyncEnumerator(cts.Token);
        var next = await store.PutAsync("/c/b", Bytes("3"));
        (await recovered.MoveNextAsync()).ShouldBeTrue();
        recovered.Current.Revision.ShouldBe(next);
        await store.CompactAsync(first);
    }

    [RequiresEtcdFact]
    public async Task AnyCall_NoMemberListening_ThrowsUnavailableNamingTheEndpoint()
    {
        var dead = new Uri($"http://127.0.0.1:{EtcdServer.FreeLoopbackPort()}");
        await using var store = EtcdTestServers.Connect([dead]);

        var error = await Should.ThrowAsync<EtcdUnavailableException>(() => store.PutAsync("/a", Bytes("1")));

        error.ShouldBeAssignableTo<IOException>();
        error.Message.ShouldContain(dead.ToString());
        error.Message.ShouldContain("/v3/kv/put");
    }

    [RequiresEtcdFact]
    public async Task AnyCall_FirstEndpointDead_IsServedByTheNext()
    {
        var dead = new Uri($"http://127.0.0.1:{EtcdServer.FreeLoopbackPort()}");
        await using var store = EtcdTestServers.Connect([dead, Server.ClientUrl]);

        var put = await store.PutAsync("/a", Bytes("1"));
        var txn = await store.TxnAsync(new Txn([TxnCompare.ModRevision("/a", CompareResult.Equal, put)], [TxnOp.Put("/a", Bytes("2"))]));

        txn.Succeeded.ShouldBeTrue();
        Text((await store.GetAsync("/a")).ShouldNotBeNull().Value).ShouldBe("2");
    }

    [RequiresEtcdFact]
    public async Task WatchAsync_OnlyMemberRestarts_ResumesWithoutLosingOrDoublingEvents()
    {
        await using var store = EtcdTestServers.Connect([Server.ClientUrl]);
        var from = (await store.RangeAsync("/w/")).Revision;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var watch = store.WatchAsync("/w/", from, cts.Token).GetAsyncEnumerator(cts.Token);
        var before = await store.PutAsync("/w/1", Bytes("before"));
        (await watch.MoveNextAsync()).ShouldBeTrue();
        watch.Current.Revision.ShouldBe(before);

        await Server.StopAsync();
        var pending = watch.MoveNextAsync().AsTask();
        await Server.RestartAsync();
        var after = await store.PutAsync("/w/2", Bytes("after"));
        var again = await store.PutAsync("/w/3", Bytes("again"));

        (await pending.WaitAsync(_patience)).ShouldBeTrue();
        watch.Current.Revision.ShouldBe(after);
        (await watch.MoveNextAsync().AsTask().WaitAsync(_patience)).ShouldBeTrue();
        watch.Current.Revision.ShouldBe(again);
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static string Text(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);
}

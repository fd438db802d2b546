using System.Text;
using Nines.Store.Etcd;
using Nines.Testing.Etcd;

namespace Nines.Store.Tests.Etcd;

/// <summary>A three-member cluster on loopback with one member killed and restarted under a live writer and watcher.</summary>
public sealed class EtcdClusterFaultTests : IAsyncLifetime
{
    private EtcdCluster? _cluster;

    private EtcdCluster Cluster => _cluster ?? throw new InvalidOperationException("etcd is not running");

    public async Task InitializeAsync()
    {
        if (EtcdTestServers.Missing is null)
        {
            _cluster = await EtcdTestServers.StartClusterAsync(3);
        }
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    [RequiresEtcdFact]
    public async Task WatchAsync_ItsMemberRestartsUnderLoad_SeesEveryWriteExactlyOnceInOrder()
    {
        var urls = Cluster.ClientUrls;
        var watched = Cluster.Members[0];

        // The watcher starts on member 1 (the one killed); the writer on member 2, which stays up.
        await using var watcherStore = EtcdTestServers.Connect(urls);
        await using var writerStore = EtcdTestServers.Connect([urls[1], urls[2], urls[0]]);
        var from = (await watcherStore.RangeAsync("/load/")).Revision;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var seen = new List<WatchEvent>();
        var written = new List<long>();
        await using var watch = watcherStore.WatchAsync("/load/", from, cts.Token).GetAsyncEnumerator(cts.Token);
        var reader = Task.Run(async () =>
        {
            while (await watch.MoveNextAsync())
            {
                lock (seen)
                {
                    seen.Add(watch.Current);
                }
            }
        });

        async Task WriteAsync(int count)
        {
            for (var i = 0; i < count; i++)
            {
                written.Add(await PutSurvivingElectionsAsync(writerStore, $"/load/{written.Count % 7}", $"{written.Count}", cts.Token));
            }
        }

        try
        {
            await WriteAsync(30);
            var writing = WriteAsync(30);
            await watched.StopAsync();
            await writing;
            await WriteAsync(30);
            await watched.RestartAsync();
            await WriteAsync(30);

            while (Count(seen) < written.Count && !cts.IsCancellationRequested)
            {
                await Task.Delay(20);
            }
        }
        finally
        {
            // The enumerator cannot be disposed while the reader's MoveNext is pending.
            await cts.CancelAsync();
            (await Record.ExceptionAsync(() => reader)).ShouldBeAssignableTo<OperationCanceledException>();
        }

        seen.Select(e => e.Revision).ShouldBe(written);
        seen.ShouldAllBe(e => e.Kind == WatchEventKind.Put);
    }

    [RequiresEtcdFact]
    public async Task Store_MemberItUsesIsKilled_KeepsServingFromTheOthers()
    {
        await using var store = EtcdTestServers.Connect(Cluster.ClientUrls);
        var lease = await store.GrantLeaseAsync(TimeSpan.FromSeconds(30));
        var put = await store.PutAsync("/ha/k", Encoding.UTF8.GetBytes("1"), lease);

        await Cluster.Members[0].StopAsync();
        await Cluster.WaitHealthyAsync();

        var txn = await store.TxnAsync(new Txn([TxnCompare.ModRevision("/ha/k", CompareResult.Equal, put)], [TxnOp.Put("/ha/k", Encoding.UTF8.GetBytes("2"), lease)]));
        txn.Succeeded.ShouldBeTrue();
        (await store.KeepAliveAsync(lease)).ShouldBe(TimeSpan.FromSeconds(30));
        (await store.GetAsync("/ha/k")).ShouldNotBeNull().Version.ShouldBe(2);
        await Cluster.Members[0].RestartAsync();
        await Cluster.Members[1].StopAsync();
        await Cluster.WaitHealthyAsync();
        (await store.RangeAsync("/ha/")).Entries.Single().ModRevision.ShouldBe(txn.Revision);
    }

    /// <summary>
    /// A put that rides out a leader election (killing a member may kill the Raft leader): an unavailable
    /// answer leaves the outcome unknown, so re-read the key; the value is unique, so it tells whether the
    /// write landed. This is the recovery the store documents for <see cref="EtcdUnavailableException"/>.
    /// </summary>
    private static async Task<long> PutSurvivingElectionsAsync(EtcdStateStore store, string key, string value, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return await store.PutAsync(key, Encoding.UTF8.GetBytes(value), cancellationToken: cancellationToken);
            }
            catch (EtcdUnavailableException)
            {
                await Task.Delay(50, cancellationToken);
                if (await ReadBackAsync(store, key, cancellationToken) is { } entry && entry.ValueAsString() == value)
                {
                    return entry.ModRevision;
                }
            }
        }
    }

    private static async Task<KeyValueEntry?> ReadBackAsync(EtcdStateStore store, string key, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return await store.GetAsync(key, cancellationToken);
            }
            catch (EtcdUnavailableException)
            {
                await Task.Delay(50, cancellationToken);
            }
        }
    }

    private static int Count(List<WatchEvent> events)
    {
        lock (events)
        {
            return events.Count;
        }
    }
}

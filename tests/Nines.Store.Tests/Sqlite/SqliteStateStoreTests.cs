using Microsoft.Data.Sqlite;
using Nines.Store.Sqlite;
using Nines.Testing;

namespace Nines.Store.Tests.Sqlite;

/// <summary>What the SQLite store adds to the contract: a shared file, polling watches, retention, its pragmas.</summary>
public sealed class SqliteStateStoreTests : IDisposable
{
    private static readonly TimeSpan _patience = TimeSpan.FromSeconds(10);
    private readonly TempDirectory _directory = new();

    private string DbPath => _directory.File("state.db");

    [Fact]
    public async Task Constructor_NewFile_CreatesAWalDatabaseAtRevisionOne()
    {
        await using var store = Open();

        (await store.RangeAsync(StoreKey.Empty)).Revision.ShouldBe(1);
        Scalar("PRAGMA journal_mode;").ShouldBe("wal");
        File.Exists(DbPath + "-wal").ShouldBeTrue();
    }

    [Fact]
    public async Task TwoInstances_SameFile_SeeEachOthersWritesAndShareOneRevision()
    {
        await using var cli = Open();
        await using var daemon = Open();

        var first = await cli.PutAsync("/a", "x"u8.ToArray());
        var second = await daemon.PutAsync("/b", "y"u8.ToArray());

        second.ShouldBe(first + 1);
        (await daemon.GetAsync("/a")).ShouldNotBeNull().ModRevision.ShouldBe(first);
        (await cli.RangeAsync("/")).Entries.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Reopen_AfterDispose_KeepsDataRevisionAndLeases()
    {
        long revision;
        long lease;
        await using (var store = Open())
        {
            lease = await store.GrantLeaseAsync(TimeSpan.FromMinutes(5));
            revision = await store.PutAsync("/a", "x"u8.ToArray(), lease);
        }

        await using var reopened = Open();

        var entry = (await reopened.GetAsync("/a")).ShouldNotBeNull();
        entry.ModRevision.ShouldBe(revision);
        entry.Lease.ShouldBe(lease);
        (await reopened.KeepAliveAsync(lease)).ShouldBe(TimeSpan.FromMinutes(5));
        (await reopened.PutAsync("/b", "y"u8.ToArray())).ShouldBe(revision + 1);
    }

    [Fact]
    public async Task WatchAsync_WriteThroughAnotherInstance_ArrivesByPolling()
    {
        await using var watcher = Open(pollInterval: TimeSpan.FromMilliseconds(20));
        await using var writer = Open();
        var from = (await watcher.RangeAsync("/")).Revision;
        using var cts = new CancellationTokenSource();
        await using var watch = watcher.WatchAsync("/w/", from, cts.Token).GetAsyncEnumerator(cts.Token);
        var next = watch.MoveNextAsync().AsTask();

        var revision = await writer.PutAsync("/w/k", "v"u8.ToArray());

        (await next.WaitAsync(_patience)).ShouldBeTrue();
        watch.Current.Revision.ShouldBe(revision);
    }

    [Fact]
    public async Task TxnAsync_RacingAcrossInstances_ExactlyOneWins()
    {
        await using var one = Open();
        await using var two = Open();
        var seen = await one.PutAsync("/plan", "v0"u8.ToArray());
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var racers = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            await start.Task;
            return await (i % 2 == 0 ? one : two).TxnAsync(new Txn(
                [TxnCompare.ModRevision("/plan", CompareResult.Equal, seen)],
                [TxnOp.Put("/plan", new[] { (byte)i })]));
        })).ToList();
        start.SetResult();

        (await Task.WhenAll(racers)).Count(r => r.Succeeded).ShouldBe(1);
        (await two.GetAsync("/plan")).ShouldNotBeNull().ModRevision.ShouldBe(seen + 1);
    }

    [Fact]
    public async Task Maintenance_ExpiredLeaseOfAnotherInstance_IsEndedByThisOne()
    {
        var clock = new FakeTimeProvider();
        await using var owner = Open(clock, maintenance: TimeSpan.FromHours(1));
        await using var reaper = Open(clock);
        var lease = await owner.GrantLeaseAsync(TimeSpan.FromSeconds(5));
        await owner.PutAsync("/hosts/h1", "up"u8.ToArray(), lease);

        clock.Advance(TimeSpan.FromSeconds(6));

        (await owner.GetAsync("/hosts/h1")).ShouldBeNull();
    }

    [Fact]
    public async Task Maintenance_HistoryKeepRevisions_CompactsOlderHistory()
    {
        var clock = new FakeTimeProvider();
        await using var store = Open(clock, keepRevisions: 3);
        long head = 0;
        for (var i = 0; i < 10; i++)
        {
            head = await store.PutAsync("/k", new[] { (byte)i });
        }

        clock.Advance(TimeSpan.FromSeconds(1));

        var error = await Should.ThrowAsync<StoreCompactedException>(() => FirstEventAsync(store, head - 4));
        error.CompactRevision.ShouldBe(head - 3);
        (await FirstEventAsync(store, head - 3)).Revision.ShouldBe(head - 2);
    }

    [Fact]
    public async Task Maintenance_HistoryKeepDuration_CompactsOnlyOlderHistory()
    {
        var clock = new FakeTimeProvider();
        await using var store = Open(clock, keepRevisions: null, keepDuration: TimeSpan.FromMinutes(10), maintenance: TimeSpan.FromMinutes(1));
        var old = await store.PutAsync("/k", "old"u8.ToArray());
        clock.Advance(TimeSpan.FromMinutes(8));
        var recent = await store.PutAsync("/k", "recent"u8.ToArray());

        clock.Advance(TimeSpan.FromMinutes(4));

        var error = await Should.ThrowAsync<StoreCompactedException>(() => FirstEventAsync(store, old - 1));
        error.CompactRevision.ShouldBe(old);
        (await FirstEventAsync(store, old)).Revision.ShouldBe(recent);
    }

    [Fact]
    public async Task WatchAsync_MoreChangesThanOnePage_DeliversAllInOrder()
    {
        await using var store = Open();
        var from = (await store.RangeAsync("/")).Revision;
        await store.TxnAsync(new Txn([], Enumerable.Range(0, 300).Select(i => TxnOp.Put($"/bulk/{i:D3}", new[] { (byte)i })).ToList()));
        var last = await store.PutAsync("/bulk/tail", "t"u8.ToArray());
        using var cts = new CancellationTokenSource();
        await using var watch = store.WatchAsync("/bulk/", from, cts.Token).GetAsyncEnumerator(cts.Token);

        var keys = new List<string>();
        while (keys.Count < 301)
        {
            (await watch.MoveNextAsync().AsTask().WaitAsync(_patience)).ShouldBeTrue();
            keys.Add(watch.Current.Entry.Key.ToString());
        }

        keys[..300].ShouldBe(Enumerable.Range(0, 300).Select(i => $"/bulk/{i:D3}"));
        watch.Current.Revision.ShouldBe(last);
    }

    public void Dispose() => _directory.Dispose();

    private static async Task<WatchEvent> FirstEventAsync(IStateStore store, long from)
    {
        using var cts = new CancellationTokenSource();
        await using var watch = store.WatchAsync("/", from, cts.Token).GetAsyncEnumerator(cts.Token);
        (await watch.MoveNextAsync().AsTask().WaitAsync(_patience)).ShouldBeTrue();
        return watch.Current;
    }

    private SqliteStateStore Open(
        TimeProvider? clock = null,
        TimeSpan? pollInterval = null,
        TimeSpan? maintenance = null,
        long? keepRevisions = 10_000,
        TimeSpan? keepDuration = null) =>
        new(
            new SqliteStateStoreOptions
            {
                Path = DbPath,
                WatchPollInterval = pollInterval ?? TimeSpan.FromMilliseconds(100),
                MaintenanceInterval = maintenance ?? TimeSpan.FromSeconds(1),
                HistoryKeepRevisions = keepRevisions,
                HistoryKeepDuration = keepDuration,
            },
            clock);

    private object? Scalar(string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DbPath, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}

using System.Text;
using Nines.Availability.Checkpoints;
using Nines.Store;
using Nines.Store.Memory;
using Nines.Store.Sqlite;

namespace Nines.Availability.Tests.Checkpoints;

/// <summary>The checkpoint service's behaviour, run against each real store (memory and an SQLite file).</summary>
public abstract class CheckpointClientContract : IAsyncLifetime
{
    private static readonly TimeSpan _patience = TimeSpan.FromSeconds(10);

    protected IStateStore Store { get; private set; } = null!;

    public async Task InitializeAsync() => Store = await CreateStoreAsync();

    public virtual async Task DisposeAsync() => await Store.DisposeAsync();

    protected abstract Task<IStateStore> CreateStoreAsync();

    [Fact]
    public async Task ReadAsync_NothingWritten_ReturnsNull()
    {
        (await new CheckpointClient(Store, "counter").ReadAsync()).ShouldBeNull();
    }

    [Fact]
    public async Task WriteAsync_TwoWrites_LatestHoldsEverySectionAndANewerRevision()
    {
        var client = new CheckpointClient(Store, "counter");
        var writer = await client.OpenWriterAsync(5, "a");

        var first = await writer.WriteAsync(Sections(("x", "1"), ("y", "1")));
        var second = await writer.WriteAsync(Sections(("x", "2")));
        var latest = await client.ReadAsync();

        second.ShouldBeGreaterThan(first);
        latest!.Revision.ShouldBe(second);
        (latest.Epoch, latest.Writer).ShouldBe((5L, "a"));
        Text(latest.Section("x")).ShouldBe("2");
        Text(latest.Section("y")).ShouldBe("1");
        latest.Section("z").ShouldBeNull();
    }

    [Fact]
    public async Task WriteAsync_AfterNewerEpochClaimed_ThrowsStaleAndWritesNothing()
    {
        var client = new CheckpointClient(Store, "counter");
        var old = await client.OpenWriterAsync(5, "a");
        await old.WriteAsync(Sections(("x", "1")));
        var fresh = await client.OpenWriterAsync(9, "b");
        await fresh.WriteAsync(Sections(("x", "7")));

        var error = await Should.ThrowAsync<StaleCheckpointWriterException>(() => old.WriteAsync(Sections(("x", "2"))));

        (error.Epoch, error.CurrentEpoch).ShouldBe((5L, 9L));
        var latest = await client.ReadAsync();
        Text(latest!.Section("x")).ShouldBe("7");
        latest.Writer.ShouldBe("b");
    }

    [Fact]
    public async Task PrepareAsync_NothingWrittenAndWhenOwned_WritesNothingAndTheOwnerKeepsWriting()
    {
        var client = new CheckpointClient(Store, "counter");
        var empty = await Store.RangeAsync(CheckpointKeys.Prefix("counter"));

        await client.PrepareAsync();

        var afterEmpty = await Store.RangeAsync(CheckpointKeys.Prefix("counter"));
        (afterEmpty.Revision, afterEmpty.Entries.Count).ShouldBe((empty.Revision, 0));
        var owner = await client.OpenWriterAsync(5, "a");
        await owner.WriteAsync(Sections(("x", "1")));
        var before = await Store.RangeAsync(CheckpointKeys.Prefix("counter"));

        await new CheckpointClient(Store, "counter").PrepareAsync();

        var after = await Store.RangeAsync(CheckpointKeys.Prefix("counter"));
        after.Revision.ShouldBe(before.Revision);
        after.Entries.Select(e => (e.Key, e.ModRevision)).ShouldBe(before.Entries.Select(e => (e.Key, e.ModRevision)));
        await owner.WriteAsync(Sections(("x", "2")));
        Text((await client.ReadAsync())!.Section("x")).ShouldBe("2");
    }

    [Fact]
    public async Task OpenWriterAsync_OlderEpochThanOwner_Throws()
    {
        var client = new CheckpointClient(Store, "counter");
        await client.OpenWriterAsync(9, "b");

        await Should.ThrowAsync<StaleCheckpointWriterException>(() => client.OpenWriterAsync(4, "a"));
        (await client.OpenWriterAsync(9, "b")).Epoch.ShouldBe(9);
    }

    [Fact]
    public async Task OpenWriterAsync_RacingEpochs_NewestOwnsTheCheckpoint()
    {
        var client = new CheckpointClient(Store, "counter");

        var writers = await Task.WhenAll(Enumerable.Range(1, 8).Select(async e =>
        {
            try
            {
                return await client.OpenWriterAsync(e, $"w{e}");
            }
            catch (StaleCheckpointWriterException)
            {
                return null;
            }
        }));

        var results = new List<long>();
        foreach (var writer in writers.OfType<CheckpointWriter>())
        {
            try
            {
                results.Add(await writer.WriteAsync(Sections(("x", writer.Writer))));
            }
            catch (StaleCheckpointWriterException)
            {
                results.Add(-writer.Epoch);
            }
        }

        (await client.ReadAsync())!.Epoch.ShouldBe(8);
        results.Count(r => r > 0).ShouldBe(1);
    }

    [Fact]
    public async Task WatchAsync_StandbyFollowing_SeesEachWriteInOrderEndingWithTheLatest()
    {
        var client = new CheckpointClient(Store, "counter");
        var writer = await client.OpenWriterAsync(1, "a");
        await writer.WriteAsync(Sections(("x", "0")));
        using var cts = new CancellationTokenSource(_patience);
        var seen = new List<string>();
        var following = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var follow = Task.Run(async () =>
        {
            await foreach (var checkpoint in client.WatchAsync(0, cts.Token))
            {
                seen.Add(Text(checkpoint.Section("x")));
                following.TrySetResult();
                if (seen[^1] == "3")
                {
                    return;
                }
            }
        });
        await following.Task.WaitAsync(_patience);
        for (var i = 1; i <= 3; i++)
        {
            await writer.WriteAsync(Sections(("x", i.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        }

        await follow;
        seen[0].ShouldBe("0");
        seen[^1].ShouldBe("3");
        seen.ShouldBe(seen.Order(StringComparer.Ordinal).Distinct().ToList());
    }

    [Fact]
    public void Constructor_NameWithSlash_RejectedNamingTheField()
    {
        Should.Throw<ArgumentException>(() => new CheckpointClient(Store, "a/b")).Message.ShouldContain("name 'a/b' must be one non-empty path segment");
    }

    private static Dictionary<string, ReadOnlyMemory<byte>> Sections(params (string Name, string Value)[] sections) =>
        sections.ToDictionary(s => s.Name, s => (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes(s.Value));

    private static string Text(ReadOnlyMemory<byte>? value) => Encoding.UTF8.GetString(value!.Value.Span);
}

public sealed class MemoryCheckpointClientTests : CheckpointClientContract
{
    protected override Task<IStateStore> CreateStoreAsync() => Task.FromResult<IStateStore>(new MemoryStateStore());
}

public sealed class SqliteCheckpointClientTests : CheckpointClientContract
{
    private readonly TempDirectory _dir = new();

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _dir.Dispose();
    }

    protected override Task<IStateStore> CreateStoreAsync() =>
        Task.FromResult<IStateStore>(new SqliteStateStore(new SqliteStateStoreOptions { Path = _dir.File("state.db") }));
}

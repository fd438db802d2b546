using Nines.Availability.Client;
using Nines.Availability.Engine;
using Nines.Availability.Model;
using Nines.Availability.Recovery;
using Nines.Store;
using Nines.Store.Memory;
using Nines.Store.Sqlite;

namespace Nines.Availability.Tests.Client;

/// <summary>How a service learns its HA state, against each real store; the engine's steps published by the publisher.</summary>
public abstract class HaStateClientContract : IAsyncLifetime
{
    private static readonly TimeSpan _patience = TimeSpan.FromSeconds(10);

    protected IStateStore Store { get; private set; } = null!;

    public async Task InitializeAsync() => Store = await CreateStoreAsync();

    public virtual async Task DisposeAsync() => await Store.DisposeAsync();

    protected abstract Task<IStateStore> CreateStoreAsync();

    [Fact]
    public async Task GetAsync_NothingPublished_NoAssignmentsEpochZero()
    {
        var state = await new HaStateClient(Store, "svc", "a").GetAsync();

        state.Instances.ShouldBeEmpty();
        state.Epoch.ShouldBe(0);
        state.StateOf("svc").ShouldBeNull();
    }

    [Fact]
    public async Task ApplyAsync_EngineSteps_EachUnitReadsItsStateAndTheNewActiveHasTheNewestEpoch()
    {
        var engine = new AvailabilityEngine(Groups.TwoN());
        var publisher = new HaStatePublisher(Store);
        await ApplyAsync(publisher, engine.Start(Groups.T0));
        var a = new HaStateClient(Store, "svc", "a");
        var b = new HaStateClient(Store, "svc", "b");
        var firstEpoch = (await a.GetAsync()).Epoch;

        (await a.GetAsync()).StateOf("svc").ShouldBe(HaState.Active);
        (await b.GetAsync()).StateOf("svc").ShouldBe(HaState.Standby);

        await ApplyAsync(publisher, engine.Observe(new HealthObservation("a", HealthSignal.ProcessExited, Groups.T0.AddSeconds(1))));

        (await a.GetAsync()).Instances.ShouldBeEmpty();
        var promoted = await b.GetAsync();
        promoted.StateOf("svc").ShouldBe(HaState.Active);
        promoted.Epoch.ShouldBeGreaterThan(firstEpoch);
    }

    [Fact]
    public async Task WatchAsync_StateChanges_YieldsCurrentThenEachChange()
    {
        var publisher = new HaStatePublisher(Store);
        await publisher.SetAsync("svc", "b", "svc", HaState.Standby);
        var client = new HaStateClient(Store, "svc", "b");
        using var cts = new CancellationTokenSource(_patience);
        var seen = new List<HaState?>();

        var watch = Task.Run(async () =>
        {
            await foreach (var state in client.WatchAsync(cts.Token))
            {
                seen.Add(state.StateOf("svc"));
                if (seen.Count == 3)
                {
                    return;
                }
            }
        });
        await WaitUntilAsync(() => seen.Count >= 1);
        await publisher.SetAsync("svc", "b", "svc", HaState.Active);
        await publisher.SetAsync("svc", "b", "svc", null);
        await watch;

        seen.ShouldBe([HaState.Standby, HaState.Active, null]);
    }

    [Fact]
    public async Task ConfirmQuiescedAsync_WritesTheKeyTheAgentWatches()
    {
        var client = new HaStateClient(Store, "svc", "a");

        await client.ConfirmQuiescedAsync("svc", 42);

        var entry = await Store.GetAsync(HaStateKeys.Quiesced("svc", "a", "svc"));
        entry.ShouldNotBeNull();
        entry.ValueAsString().ShouldBe("42");
        entry.Key.StartsWith(HaStateKeys.QuiescedPrefix("svc")).ShouldBeTrue();
    }

    private static async Task ApplyAsync(HaStatePublisher publisher, EngineOutcome outcome)
    {
        foreach (var step in outcome.Steps.Where(s => s.Kind == StepKind.SetHaState))
        {
            await publisher.ApplyAsync(step);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + _patience;
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }
    }
}

public sealed class MemoryHaStateClientTests : HaStateClientContract
{
    protected override Task<IStateStore> CreateStoreAsync() => Task.FromResult<IStateStore>(new MemoryStateStore());
}

public sealed class SqliteHaStateClientTests : HaStateClientContract
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

using System.Globalization;
using Nines.Availability.Client;
using Nines.Availability.Engine;
using Nines.Availability.Model;
using Nines.Availability.Recovery;
using Nines.Samples.Counter;
using Nines.Store;
using Nines.Store.Sqlite;

namespace Nines.Availability.Tests.Samples;

/// <summary>
/// The sample stateful service under the real engine and publisher, two instances on one SQLite file (each with
/// its own store, as two processes would have): a switchover and a failover while a client increments without
/// pause, and not one acknowledged increment is lost.
/// </summary>
public sealed class CounterServiceTests : IAsyncLifetime
{
    private static readonly TimeSpan _patience = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _dir = new();
    private readonly List<IAsyncDisposable> _owned = [];
    private readonly AvailabilityEngine _engine = new(Groups.TwoN());
    private IStateStore _agentStore = null!;
    private HaStatePublisher _publisher = null!;

    public Task InitializeAsync()
    {
        _agentStore = Store();
        _publisher = new HaStatePublisher(_agentStore);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            await owned.DisposeAsync();
        }

        _dir.Dispose();
    }

    [Fact]
    public async Task Counter_SwitchoverThenFailoverUnderLoad_NoAcknowledgedIncrementLost()
    {
        using var cts = new CancellationTokenSource(_patience);
        var a = await StartAsync("a");
        var b = await StartAsync("b");
        await ApplyAsync(_engine.Start(Groups.T0));
        await WaitForModeAsync(a, CounterMode.Active, cts.Token);
        var load = new IncrementLoad(new Dictionary<string, int> { ["a"] = a.Port, ["b"] = b.Port });
        var running = Task.Run(() => load.RunAsync(cts.Token), CancellationToken.None);

        await load.WaitForAcksAsync(50, cts.Token);
        await ApplyAsync(_engine.RequestSwitchover("svc", Groups.T0.AddSeconds(1)));
        await WaitForKeyAsync(HaStateKeys.Quiesced("svc", "a", "svc"), cts.Token);
        await ApplyAsync(_engine.QuiesceCompleted("a", "svc", Groups.T0.AddSeconds(2)));
        await WaitForModeAsync(b, CounterMode.Active, cts.Token);
        await load.WaitForAcksAsync(load.Acked.Count + 50, cts.Token);

        await b.DisposeAsync();
        await ApplyAsync(_engine.Observe(new HealthObservation("b", HealthSignal.ProcessExited, Groups.T0.AddSeconds(3), "signal 9")));
        await load.WaitForAcksAsync(load.Acked.Count + 50, cts.Token);
        load.Stop();
        await running;

        using var check = await LineClient.ConnectAsync(a.Port, cts.Token);
        var final = long.Parse((await check.AskAsync("GET k", cts.Token))!["VALUE ".Length..], CultureInfo.InvariantCulture);
        var acked = load.Acked.Select(x => x.Value).ToList();
        acked.ShouldBe(acked.Order().Distinct().ToList(), "acknowledged values only grow: a lower one means an acknowledged increment was lost");
        final.ShouldBeGreaterThanOrEqualTo(acked[^1]);
        final.ShouldBeLessThanOrEqualTo(load.Sent);
        load.Acked.Select(x => x.Unit).Distinct().Order().ShouldBe(["a", "b"]);
        _engine.Transitions.Select(t => $"{t.Unit}:{t.From}→{t.To}").ShouldContain("a:Quiesced→Standby");
    }

    [Fact]
    public async Task Counter_StaleActiveAfterNewerActivation_RefusesWritesAndCannotOverwrite()
    {
        using var cts = new CancellationTokenSource(_patience);
        var a = await StartAsync("a");
        var b = await StartAsync("b");
        await _publisher.SetAsync("svc", "a", "svc", HaState.Active);
        await WaitForModeAsync(a, CounterMode.Active, cts.Token);
        using var toA = await LineClient.ConnectAsync(a.Port, cts.Token);
        (await toA.AskAsync("INCR k 5", cts.Token)).ShouldBe("OK 5");

        // A partition: b is made active while a never hears of it.
        await _publisher.SetAsync("svc", "b", "svc", HaState.Active);
        await WaitForModeAsync(b, CounterMode.Active, cts.Token);
        using var toB = await LineClient.ConnectAsync(b.Port, cts.Token);
        (await toB.AskAsync("INCR k", cts.Token)).ShouldBe("OK 6");

        (await toA.AskAsync("INCR k 100", cts.Token)).ShouldBe("ERR not-active standby");
        (await toB.AskAsync("GET k", cts.Token)).ShouldBe("VALUE 6");
        (await toA.AskAsync("BOGUS", cts.Token))!.ShouldStartWith("ERR unknown-command");
    }

    private IStateStore Store()
    {
        var store = new SqliteStateStore(new SqliteStateStoreOptions
        {
            Path = _dir.File("state.db"),
            Synchronous = SqliteSynchronous.Normal,
            WatchPollInterval = TimeSpan.FromMilliseconds(5),
        });
        _owned.Add(store);
        return store;
    }

    private async Task<CounterService> StartAsync(string unit)
    {
        var service = new CounterService(Store(), new CounterOptions("svc", unit, "svc"));
        _owned.Add(service);
        await service.StartAsync();
        return service;
    }

    private async Task ApplyAsync(EngineOutcome outcome)
    {
        foreach (var step in outcome.Steps.Where(s => s.Kind == StepKind.SetHaState))
        {
            await _publisher.ApplyAsync(step);
        }
    }

    private async Task WaitForKeyAsync(StoreKey key, CancellationToken cancellationToken)
    {
        while (await _agentStore.GetAsync(key, cancellationToken) is null)
        {
            await Task.Delay(5, cancellationToken);
        }
    }

    private static async Task WaitForModeAsync(CounterService service, CounterMode mode, CancellationToken cancellationToken)
    {
        while (service.Mode != mode)
        {
            await Task.Delay(5, cancellationToken);
        }
    }
}

using Microsoft.Data.Sqlite;
using Nines.Controller.Supervision;
using Nines.Testing;

namespace Nines.Controller.Tests.Supervision;

public sealed class LoopSupervisorTests
{
    [Fact]
    public async Task Run_LoopThrows_RestartsAfterBackoffAndHealthGoesDegradedThenOk()
    {
        var time = new FakeTimeProvider();
        var registry = new LoopRegistry();
        var failures = new List<LoopFailure>();
        var supervisor = new LoopSupervisor(registry, time, options: new LoopSupervisorOptions { BaseBackoff = TimeSpan.FromSeconds(2) })
        {
            OnFailure = (failure, _) =>
            {
                lock (failures)
                {
                    failures.Add(failure);
                }

                return Task.CompletedTask;
            },
        };
        var runs = 0;
        var second = new TaskCompletionSource();
        using var stop = new CancellationTokenSource();
        var run = supervisor.RunAsync(
            "test/loop",
            async ct =>
            {
                if (Interlocked.Increment(ref runs) == 1)
                {
                    throw new InvalidOperationException("tenant acme's secret detail");
                }

                second.TrySetResult();
                await Task.Delay(Timeout.Infinite, ct);
            },
            stop.Token);

        await UntilAsync(() => registry.Find("test/loop")?.State == LoopState.Restarting);
        registry.Status.ShouldBe(LoopRegistry.Degraded);
        var restarting = registry.Find("test/loop")!;
        restarting.Restarts.ShouldBe(1);
        restarting.LastError.ShouldBe(nameof(InvalidOperationException));
        restarting.LastErrorDetail.ShouldBe("InvalidOperationException: tenant acme's secret detail");
        restarting.LastErrorAt.ShouldBe(time.GetUtcNow());

        time.Advance(TimeSpan.FromSeconds(2));
        await second.Task.WaitAsync(TimeSpan.FromSeconds(30));

        await UntilAsync(() => registry.Find("test/loop")?.State == LoopState.Running);
        registry.Status.ShouldBe(LoopRegistry.Ok);
        failures.ShouldHaveSingleItem().Delay.ShouldBe(TimeSpan.FromSeconds(2));
        await stop.CancelAsync();
        await run;
        registry.Find("test/loop")!.State.ShouldBe(LoopState.Stopped);
        registry.Status.ShouldBe(LoopRegistry.Ok);
    }

    [Fact]
    public async Task Run_LoopReturnsUnasked_CountsAsAFailureWithDoublingBackoff()
    {
        var time = new FakeTimeProvider();
        var registry = new LoopRegistry();
        var delays = new List<TimeSpan>();
        var supervisor = new LoopSupervisor(registry, time, options: new LoopSupervisorOptions { BaseBackoff = TimeSpan.FromSeconds(1), MaxBackoff = TimeSpan.FromSeconds(4) })
        {
            OnFailure = (failure, _) =>
            {
                lock (delays)
                {
                    delays.Add(failure.Delay);
                }

                return Task.CompletedTask;
            },
        };
        using var stop = new CancellationTokenSource();
        var run = supervisor.RunAsync("test/exits", _ => Task.CompletedTask, stop.Token);

        for (var i = 1; i <= 4; i++)
        {
            await UntilAsync(() => { lock (delays) { return delays.Count >= i; } });
            time.Advance(TimeSpan.FromSeconds(4));
        }

        await stop.CancelAsync();
        await run;
        delays.Take(4).ShouldBe([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(4)]);
        registry.Find("test/exits")!.LastError.ShouldBe("exited");
    }

    [Fact]
    public async Task Run_StoreGoneForGood_FailsTheLoopAndFaultsTheRegistry()
    {
        var registry = new LoopRegistry();
        var supervisor = new LoopSupervisor(registry, new FakeTimeProvider());

        await Should.ThrowAsync<SqliteException>(() => supervisor.RunAsync("test/store", _ => throw new SqliteException("file is not a database", 26), CancellationToken.None));

        registry.Find("test/store")!.State.ShouldBe(LoopState.Failed);
        registry.Status.ShouldBe(LoopRegistry.Degraded);
        var fatal = await Should.ThrowAsync<LoopFailedException>(() => registry.Fatal);
        fatal.Message.ShouldContain("test/store");
    }

    [Theory]
    [InlineData(11, 11, true)]
    [InlineData(26, 26, true)]
    [InlineData(8, 1032, true)]
    [InlineData(5, 5, false)]
    [InlineData(13, 13, false)]
    public void IsPermanent_SqliteErrors_OnlyCorruptionAndALostFileAreFatal(int code, int extended, bool fatal) =>
        StoreLoss.IsPermanent(new InvalidOperationException("wrapped", new SqliteException("x", code, extended))).ShouldBe(fatal);

    private static async Task UntilAsync(Func<bool> condition)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(30), "condition not reached in 30 s");
            await Task.Delay(10);
        }
    }
}

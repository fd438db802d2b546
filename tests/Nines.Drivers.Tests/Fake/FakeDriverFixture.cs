using Nines.Drivers.Fake;
using Nines.Testing;

namespace Nines.Drivers.Tests.Fake;

/// <summary>A fake driver on a fake clock, with an event watcher taken before anything happens.</summary>
internal sealed class FakeDriverFixture : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly IAsyncEnumerator<VmEvent> _events;

    public FakeDriverFixture(FakeDriverOptions? options = null, FakeHost? host = null)
    {
        Host = host ?? new FakeHost(Clock);
        Driver = new FakeDriver(Host, options);
        _events = Driver.WatchEventsAsync(_stop.Token).GetAsyncEnumerator(_stop.Token);
    }

    public FakeTimeProvider Clock { get; } = new();

    public FakeHost Host { get; }

    public FakeDriver Driver { get; }

    public static VmDefinition Vm(string id = "lab.vm1", FakeBehaviour? fake = null, WatchdogDefinition? watchdog = null) => new(
        id,
        id.Split('.')[^1],
        128,
        1,
        new BootSource("/images/vmlinux", "/images/initrd.gz", "console=ttyS0", "/images/disk.qcow2"),
        [new NicDefinition(1, "fe:fd:00:00:01:01", "Net0")],
        watchdog,
        Fake: fake);

    public async Task<VmStatus> RunningAsync(VmDefinition definition)
    {
        await Driver.DefineAsync(definition, CancellationToken.None);
        return await Driver.StartAsync(definition.Id, CancellationToken.None);
    }

    /// <summary>The next <paramref name="count"/> events' kinds (fails if they do not come within 5 s of real time).</summary>
    public async Task<List<VmEvent>> NextEventsAsync(int count)
    {
        var events = new List<VmEvent>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        for (var i = 0; i < count; i++)
        {
            var next = _events.MoveNextAsync().AsTask();
            (await Task.WhenAny(next, Task.Delay(Timeout.Infinite, timeout.Token).ContinueWith(_ => false, TaskScheduler.Default))).ShouldBe(next, $"only {events.Count} of {count} events came: {string.Join(", ", events.Select(e => e.Kind))}");
            (await next).ShouldBeTrue();
            events.Add(_events.Current);
        }

        return events;
    }

    public async Task<List<VmEventKind>> NextKindsAsync(int count) => [.. (await NextEventsAsync(count)).Select(e => e.Kind)];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Driver.DisposeAsync();
        _stop.Dispose();
    }
}

using System.Threading.Channels;

namespace Nines.Drivers.Qemu.Tests.Driver;

/// <summary>Records a driver's events from creation on, and waits for the next one of a kind.</summary>
public sealed class EventRecorder : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<VmEvent> _pending = Channel.CreateUnbounded<VmEvent>();
    private readonly List<VmEvent> _all = [];
    private readonly Task _pump;

    public EventRecorder(IVmDriver driver)
    {
        var events = driver.WatchEventsAsync(_stop.Token);
        _pump = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in events)
                {
                    lock (_all)
                    {
                        _all.Add(e);
                    }

                    _pending.Writer.TryWrite(e);
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
    }

    public IReadOnlyList<VmEvent> All
    {
        get
        {
            lock (_all)
            {
                return [.. _all];
            }
        }
    }

    /// <summary>Skips events until one of <paramref name="kind"/> for <paramref name="vmId"/> arrives.</summary>
    public async Task<VmEvent> WaitForAsync(string vmId, VmEventKind kind, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var e = await _pending.Reader.ReadAsync(cancel.Token);
                if (e.VmId == vmId && e.Kind == kind)
                {
                    return e;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no {kind} for {vmId} within {timeout}; events: {string.Join(", ", All.Select(e => $"{e.Kind}({e.Detail}{e.Reason?.Message})"))}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _pump;
        _stop.Dispose();
    }
}

using System.Collections.Concurrent;
using Nines.Drivers;

namespace Nines.Bench.Boot;

/// <summary>
/// Runs the driver half: defines the guests, starts them with at most <see cref="BenchSettings.BootConcurrency"/>
/// booting at once (a slot frees when a guest's agent first answers, <see cref="VmEventKind.GuestReady"/>), and
/// times that from the first start to the last ready. Every guest is destroyed and removed afterwards.
/// </summary>
internal static class DriverBootRound
{
    /// <summary>The elapsed time and the accelerator the driver reported.</summary>
    public static async Task<(TimeSpan Elapsed, string? Accelerator)> RunAsync(IVmDriver driver, IReadOnlyList<VmDefinition> definitions, BenchSettings settings, CancellationToken cancellationToken)
    {
        var ready = definitions.ToDictionary(d => d.Id, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), StringComparer.Ordinal);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(settings.ReadyTimeout);

        // The subscription is taken by this call, before any guest starts, so no GuestReady can be missed.
        var events = driver.WatchEventsAsync(stop.Token);
        var pump = PumpAsync(events, ready);
        var defined = new ConcurrentBag<string>();
        try
        {
            foreach (var definition in definitions)
            {
                await driver.DefineAsync(definition, stop.Token);
                defined.Add(definition.Id);
            }

            using var slots = new SemaphoreSlim(settings.BootConcurrency);
            var started = TimeProvider.System.GetTimestamp();
            await Task.WhenAll(definitions.Select(async d =>
            {
                await slots.WaitAsync(stop.Token);
                try
                {
                    await driver.StartAsync(d.Id, stop.Token);
                    await ready[d.Id].Task.WaitAsync(stop.Token);
                }
                finally
                {
                    slots.Release();
                }
            }));
            var elapsed = TimeProvider.System.GetElapsedTime(started);
            var status = await driver.InspectAsync(definitions[0].Id, cancellationToken);
            return (elapsed, status.Accelerator);
        }
        finally
        {
            await stop.CancelAsync();
            await pump;
            foreach (var id in defined)
            {
                await driver.DestroyAsync(id, CancellationToken.None);
                await driver.RemoveAsync(id, CancellationToken.None);
            }
        }
    }

    private static async Task PumpAsync(IAsyncEnumerable<VmEvent> events, Dictionary<string, TaskCompletionSource> ready)
    {
        try
        {
            await foreach (var e in events)
            {
                if (!ready.TryGetValue(e.VmId, out var waiter))
                {
                    continue;
                }

                if (e.Kind == VmEventKind.GuestReady)
                {
                    waiter.TrySetResult();
                }
                else if (e.Kind is VmEventKind.Crashed or VmEventKind.Stopped or VmEventKind.GuestPanicked)
                {
                    waiter.TrySetException(new InvalidOperationException($"guest {e.VmId} stopped before it was ready: {e.Kind} {e.Reason?.Message}"));
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The round is over.
        }
    }
}

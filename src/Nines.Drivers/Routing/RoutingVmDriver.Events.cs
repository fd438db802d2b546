using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Nines.Drivers.Routing;

public sealed partial class RoutingVmDriver
{
    /// <summary>
    /// Both drivers' events as one stream. Both subscriptions are taken in this call (the contract: nothing after it
    /// is missed); each driver's events keep their order, the two are interleaved as they arrive. Ends when the
    /// token fires or both drivers are disposed.
    /// </summary>
    public IAsyncEnumerable<VmEvent> WatchEventsAsync(CancellationToken cancellationToken)
    {
        var merged = Channel.CreateUnbounded<VmEvent>(new UnboundedChannelOptions { SingleReader = true });
        var sources = new[] { _vms.WatchEventsAsync(cancellationToken), _instances.WatchEventsAsync(cancellationToken) };
        var pumps = sources.Select(source => PumpAsync(source, merged.Writer, cancellationToken)).ToArray();
        _ = Task.WhenAll(pumps).ContinueWith(
            done => merged.Writer.TryComplete(done.Exception?.InnerException is { } e and not OperationCanceledException ? e : null),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return ReadAsync(merged.Reader, cancellationToken);
    }

    private static async Task PumpAsync(IAsyncEnumerable<VmEvent> source, ChannelWriter<VmEvent> target, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var vmEvent in source.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                target.TryWrite(vmEvent);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The watcher went away: this source ends with it.
        }
    }

    private static async IAsyncEnumerable<VmEvent> ReadAsync(ChannelReader<VmEvent> reader, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var vmEvent in reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return vmEvent;
        }
    }
}

using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Nines.Drivers;

/// <summary>
/// Fans a driver's events out to every watcher. Each watcher has its own unbounded queue, so a slow reader never
/// blocks the driver and every watcher sees every event in publication order.
/// </summary>
internal sealed class VmEventHub : IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<Channel<VmEvent>> _watchers = [];
    private bool _closed;

    public void Publish(VmEvent vmEvent)
    {
        lock (_gate)
        {
            foreach (var watcher in _watchers)
            {
                watcher.Writer.TryWrite(vmEvent);
            }
        }
    }

    /// <summary>Registers the watcher now, so nothing published after this call is missed.</summary>
    public IAsyncEnumerable<VmEvent> Watch(CancellationToken cancellationToken)
    {
        var channel = Channel.CreateUnbounded<VmEvent>(new UnboundedChannelOptions { SingleReader = true });
        lock (_gate)
        {
            if (_closed)
            {
                channel.Writer.TryComplete();
            }
            else
            {
                _watchers.Add(channel);
            }
        }

        return ReadAsync(channel, cancellationToken);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _closed = true;
            foreach (var watcher in _watchers)
            {
                watcher.Writer.TryComplete();
            }

            _watchers.Clear();
        }
    }

    private async IAsyncEnumerable<VmEvent> ReadAsync(Channel<VmEvent> channel, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var vmEvent in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return vmEvent;
            }
        }
        finally
        {
            lock (_gate)
            {
                _watchers.Remove(channel);
            }
        }
    }
}

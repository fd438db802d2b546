using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nines.Contracts.Agents;
using Nines.Contracts.Model;
using Nines.Contracts.Repositories;

namespace Nines.Controller.AvailabilityShell;

/// <summary>
/// The availability manager's monitor and reach in a cluster: the VM events of every registered host merged into one
/// stream (one subscription per host agent that serves <see cref="IHostVmEvents"/>, opened again when its link breaks,
/// closed when the host leaves the registry), and each host's VM operations by name.
/// </summary>
/// <remarks>
/// Events are not replayed: what a host reports while its link is down (a partition, an agent restart) is not seen
/// here. A host that stays away loses its lease, and the controller's host-failure handling (fencing deadline, then
/// <see cref="AvailabilityManager"/>'s host fence) covers its units.
/// </remarks>
public sealed partial class ClusterHostEvents
{
    private readonly HostRepository _hosts;
    private readonly IHostAgentDirectory _agents;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, HostRecord> _registered = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CancellationTokenSource> _subscriptions = new(StringComparer.Ordinal);
    private readonly Channel<HostVmEvent> _events = Channel.CreateUnbounded<HostVmEvent>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>The monitor over the hosts <paramref name="hosts"/> registers, reached through <paramref name="agents"/>; its link failures are logged through <paramref name="loggerFactory"/>.</summary>
    public ClusterHostEvents(HostRepository hosts, IHostAgentDirectory agents, TimeProvider time, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        ArgumentNullException.ThrowIfNull(agents);
        ArgumentNullException.ThrowIfNull(time);
        _hosts = hosts;
        _agents = agents;
        _time = time;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<ClusterHostEvents>();
    }

    /// <summary>How often the host registry is read for hosts that came or went.</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a host's subscription waits before it is opened again after its link broke.</summary>
    public TimeSpan ResubscribeDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The hosts subscribed to now.</summary>
    public IReadOnlyList<string> Subscribed
    {
        get
        {
            lock (_subscriptions)
            {
                return [.. _subscriptions.Keys.Order(StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>The VM operations of registered host <paramref name="host"/>, or null when it is not registered.</summary>
    public IHostVmOperations? AgentOf(string host) =>
        _registered.TryGetValue(host, out var record) && AgentFor(record) is IHostVmOperations operations ? operations : null;

    /// <summary>Reads the registry once: subscribes to new hosts, drops the subscriptions of hosts that left.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var hosts = await _hosts.ListAsync(cancellationToken).ConfigureAwait(false);
        var names = hosts.Select(h => h.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var host in hosts)
        {
            _registered[host.Name] = host;
        }

        foreach (var gone in _registered.Keys.Where(h => !names.Contains(h)).ToList())
        {
            _registered.TryRemove(gone, out _);
        }

        lock (_subscriptions)
        {
            foreach (var gone in _subscriptions.Keys.Where(h => !names.Contains(h)).ToList())
            {
                _subscriptions.Remove(gone, out var subscription);
                subscription!.Cancel();
                subscription.Dispose();
            }

            foreach (var host in hosts.Where(h => !_subscriptions.ContainsKey(h.Name)))
            {
                if (AgentFor(host) is not IHostVmEvents events)
                {
                    continue;
                }

                var subscription = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                _subscriptions[host.Name] = subscription;
                var token = subscription.Token;
                var name = host.Name;
                _ = Task.Run(() => SubscribeAsync(name, events, token), CancellationToken.None);
            }
        }
    }

    /// <summary>Every host's events, merged, until cancelled; reads the registry every <see cref="RefreshInterval"/> meanwhile.</summary>
    public async IAsyncEnumerable<HostVmEvent> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var refresh = Task.Run(() => RefreshLoopAsync(cancellationToken), CancellationToken.None);
        try
        {
            while (await _events.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (_events.Reader.TryRead(out var vmEvent))
                {
                    yield return vmEvent;
                }
            }
        }
        finally
        {
            lock (_subscriptions)
            {
                foreach (var subscription in _subscriptions.Values)
                {
                    subscription.Cancel();
                    subscription.Dispose();
                }

                _subscriptions.Clear();
            }

            await refresh.ConfigureAwait(false);
        }
    }

    /// <summary>The host's agent, or null when its registration names none this controller can use (a bad URL, a local agent of another process).</summary>
    private IHostAgent? AgentFor(HostRecord host)
    {
        try
        {
            return _agents.Get(host);
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private async Task RefreshLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await RefreshAsync(cancellationToken).ConfigureAwait(false);
                await Task.Delay(RefreshInterval, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The store is briefly away: read the registry again at the next tick.
                LogRegistryReadFailed(e, RefreshInterval.TotalMilliseconds);
                try
                {
                    await Task.Delay(RefreshInterval, _time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task SubscribeAsync(string host, IHostVmEvents events, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var vmEvent in events.WatchVmEventsAsync(cancellationToken).ConfigureAwait(false))
                {
                    _events.Writer.TryWrite(new HostVmEvent(host, vmEvent));
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or TimeoutException or IOException or InvalidOperationException or OperationCanceledException)
            {
                // The link broke or the agent restarts: subscribe again shortly (the host's lease says whether it is gone).
                LogSubscriptionBroke(host, e.Message, ResubscribeDelay.TotalMilliseconds);
            }

            try
            {
                await Task.Delay(ResubscribeDelay, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

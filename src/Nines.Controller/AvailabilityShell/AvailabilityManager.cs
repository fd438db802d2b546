using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nines.Availability.Client;
using Nines.Availability.Engine;
using Nines.Contracts.Agents;
using Nines.Contracts.Model;
using Nines.Contracts.Repositories;
using Nines.Controller.Repositories;
using Nines.Drivers;
using Nines.Drivers.Mapping;
using Nines.Store;

namespace Nines.Controller.AvailabilityShell;

/// <summary>
/// The availability manager's I/O shell in the control plane: for every deployed scenario with redundancy groups it
/// runs one <see cref="AvailabilityEngine"/> per group (built from the committed plan), feeds it the drivers' failure
/// events as they happen (monitor), carries its steps out on the hosts (<see cref="HostRecoveryApplier"/>), turns the
/// services' quiesce confirmations into <see cref="AvailabilityEngine.QuiesceCompleted"/>, and records every decision
/// and HA-state change in the store's event log.
/// </summary>
/// <remarks>
/// Detection is event driven: a VM's crash reaches the engine straight from the driver's event stream (the QEMU
/// process exit or QMP event, the instance's init exit), never through the reconcile loop. Only the discovery of
/// new groups polls (<see cref="AvailabilityOptions.DiscoveryInterval"/>). The engines' state lives in memory: a
/// restarted controller builds the groups again from the running deployments.
/// </remarks>
public sealed partial class AvailabilityManager
{
    private readonly ConcurrentDictionary<(DeploymentRef Deployment, string Group), ManagedGroup> _groups = new();
    private readonly ConcurrentDictionary<string, (ManagedGroup Group, string Unit)> _byVmId = new(StringComparer.Ordinal);
    private readonly DeploymentRepository _deployments;
    private readonly IStateStore _store;
    private readonly Func<string, IHostVmOperations?> _agentOf;
    private readonly AvailabilityOptions _options;
    private readonly StoreAvailabilityEventSink _sink;
    private readonly HaStatePublisher _publisher;
    private readonly IUnitLauncher _launcher;
    private readonly TimeProvider _time;
    private readonly VmMappingOptions? _mapping;
    private readonly UnitRelocator _relocator;
    private readonly ILogger _logger;
    private readonly ILoggerFactory _loggers;

    /// <summary>
    /// A manager over <paramref name="deployments"/>, reaching each host's VMs through <paramref name="agentOf"/>. With
    /// <paramref name="mapping"/> (the reconciler's) a restarted unit gets its scenario addresses and routes again
    /// before it is reported ready. Decisions, steps and failures are logged through <paramref name="loggerFactory"/>
    /// (none when null).
    /// </summary>
    public AvailabilityManager(
        DeploymentRepository deployments,
        EventLog events,
        IStateStore store,
        Func<string, IHostVmOperations?> agentOf,
        AvailabilityOptions? options,
        TimeProvider time,
        VmMappingOptions? mapping = null,
        ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(deployments);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(agentOf);
        ArgumentNullException.ThrowIfNull(time);
        _deployments = deployments;
        _store = store;
        _agentOf = agentOf;
        _options = options ?? new AvailabilityOptions();
        _loggers = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggers.CreateLogger<AvailabilityManager>();
        _sink = new StoreAvailabilityEventSink(events, _logger);
        _publisher = new HaStatePublisher(store);
        _launcher = _options.Launcher ?? new SequenceUnitLauncher();
        _time = time;
        _mapping = mapping;
        _relocator = new UnitRelocator(deployments, new HostRepository(deployments.Store));
    }

    /// <summary>The groups under management now.</summary>
    public IReadOnlyList<ManagedGroup> Groups => [.. _groups.Values.OrderBy(g => g.QualifiedName, StringComparer.Ordinal)];

    /// <summary>The managed group <paramref name="group"/> of <paramref name="deployment"/>, or null.</summary>
    public ManagedGroup? Find(DeploymentRef deployment, string group) => _groups.GetValueOrDefault((deployment, group));

    /// <summary>
    /// Runs until cancelled: the monitor on <paramref name="events"/> (subscribed before anything else, so no failure
    /// is missed), the discovery of groups, and the event writer.
    /// </summary>
    public Task RunAsync(IVmDriver events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var stream = events.WatchEventsAsync(cancellationToken);
        return RunAsync(FromAnyHost(stream, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Runs until cancelled on the events of every host (<see cref="ClusterHostEvents.WatchAsync"/>): an event is taken
    /// only from the host its unit is on now, so what the old host of a re-placed unit reports says nothing of it.
    /// </summary>
    public Task RunAsync(ClusterHostEvents hosts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        return RunAsync(hosts.WatchAsync(cancellationToken), cancellationToken);
    }

    private async Task RunAsync(IAsyncEnumerable<HostVmEvent> stream, CancellationToken cancellationToken)
    {
        var writer = Task.Run(() => _sink.RunAsync(cancellationToken), CancellationToken.None);
        var monitor = Task.Run(() => MonitorAsync(stream, cancellationToken), CancellationToken.None);
        var discovery = Task.Run(() => DiscoverAsync(cancellationToken), CancellationToken.None);
        try
        {
            await Task.WhenAll(writer, monitor, discovery).ConfigureAwait(false);
        }
        finally
        {
            foreach (var group in _groups.Values)
            {
                group.Complete();
            }
        }
    }

    private static async IAsyncEnumerable<HostVmEvent> FromAnyHost(IAsyncEnumerable<VmEvent> stream, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var vmEvent in stream.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return new HostVmEvent(null, vmEvent);
        }
    }

    private async Task MonitorAsync(IAsyncEnumerable<HostVmEvent> stream, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var (host, vmEvent) in stream.ConfigureAwait(false))
            {
                if (!_byVmId.TryGetValue(vmEvent.VmId, out var member)
                    || (host is not null && member.Group.Engine.Group.FindUnit(member.Unit)?.Host is { } current && current != host))
                {
                    continue;
                }

                var now = _time.GetUtcNow();
                if (VmEventObservations.ToObservation(vmEvent, member.Unit, now) is { } observation)
                {
                    _options.Observed?.Invoke(member.Group.Deployment, observation, vmEvent.At);
                    member.Group.Observe(observation);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception e)
        {
            LogMonitorFailed(e);
            throw;
        }
    }

    /// <summary>A manager-level warning: logged, and recorded in the event log.</summary>
    private void Warn(ManagedGroup group, string message, string? unit)
    {
        var warning = new AvailabilityEvent(_time.GetUtcNow(), group.QualifiedName, AvailabilityEventKind.Warning, message, unit);
        LogEvent(_logger, group.Deployment, group.Name, group.VmIds, warning);
        Record(group, message, unit);
    }

    /// <summary>A warning recorded in the event log only (the caller logged it with its details).</summary>
    private void Record(ManagedGroup group, string message, string? unit) =>
        _sink.Publish(group.Deployment, group.Name, new AvailabilityEvent(_time.GetUtcNow(), group.QualifiedName, AvailabilityEventKind.Warning, message, unit));
}

using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Nines.Availability.Engine;
using Nines.Contracts.Model;
using Nines.Contracts.Repositories;

namespace Nines.Controller.AvailabilityShell;

/// <summary>
/// Takes the engines' events (published under their locks, so it never blocks) and appends them to the store's
/// event log in order, where <c>nines events --follow</c> shows them. Kinds are <c>Ha</c> + the event kind
/// (<c>HaRecoveryDecided</c>, <c>HaStateChanged</c>…); the subject is <c>tenant/name/unit</c> (or <c>tenant/name</c>);
/// the reason is the group. Each engine event is logged as it is published (<see cref="AvailabilityManager.LogEvent"/>).
/// </summary>
internal sealed class StoreAvailabilityEventSink
{
    private readonly Channel<(DeploymentRef Deployment, string Group, AvailabilityEvent Event)> _queue =
        Channel.CreateUnbounded<(DeploymentRef, string, AvailabilityEvent)>(new UnboundedChannelOptions { SingleReader = true });

    private readonly EventLog _log;
    private readonly ILogger _logger;

    public StoreAvailabilityEventSink(EventLog log, ILogger logger)
    {
        _log = log;
        _logger = logger;
    }

    /// <summary>A sink for one group's engine: its events are logged (with the unit's VM id from <paramref name="vmIds"/>) and recorded.</summary>
    public IAvailabilityEventSink For(DeploymentRef deployment, string group, IReadOnlyDictionary<string, string> vmIds) => new GroupSink(this, deployment, group, vmIds);

    /// <summary>Records a manager-level event (an applier failure, a refused request).</summary>
    public void Publish(DeploymentRef deployment, string group, AvailabilityEvent availabilityEvent) =>
        _queue.Writer.TryWrite((deployment, group, availabilityEvent));

    /// <summary>Writes queued events until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await foreach (var (deployment, group, e) in _queue.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            var severity = e.Kind == AvailabilityEventKind.Warning ? EventSeverity.Warning : EventSeverity.Normal;
            var subject = e.Unit is null ? deployment.ToString() : $"{deployment}/{e.Unit}";
            var kind = e.Kind == AvailabilityEventKind.HaStateChanged ? "HaStateChanged" : "Ha" + e.Kind;
            try
            {
                await _log.AppendAsync(severity, kind, subject, group, $"{group}: {e.Message}", cancellationToken).ConfigureAwait(false);
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                AvailabilityManager.LogEventWriteFailedFor(_logger, failure, deployment, group);
                throw;
            }
        }
    }

    private sealed class GroupSink(StoreAvailabilityEventSink owner, DeploymentRef deployment, string group, IReadOnlyDictionary<string, string> vmIds) : IAvailabilityEventSink
    {
        public void Publish(AvailabilityEvent availabilityEvent)
        {
            AvailabilityManager.LogEvent(owner._logger, deployment, group, vmIds, availabilityEvent);
            owner.Publish(deployment, group, availabilityEvent);
        }
    }
}

using System.Threading.Channels;
using Nines.Availability.Engine;
using Nines.ControlPlane.Model;
using Nines.ControlPlane.Repositories;

namespace Nines.ControlPlane.Availability;

/// <summary>
/// Takes the engines' events (published under their locks, so it never blocks) and appends them to the store's
/// event log in order, where <c>nines events --follow</c> shows them. Kinds are <c>Ha</c> + the event kind
/// (<c>HaRecoveryDecided</c>, <c>HaStateChanged</c>…); the subject is <c>tenant/name/unit</c> (or <c>tenant/name</c>);
/// the reason is the group.
/// </summary>
internal sealed class StoreAvailabilityEventSink
{
    private readonly Channel<(DeploymentRef Deployment, string Group, AvailabilityEvent Event)> _queue =
        Channel.CreateUnbounded<(DeploymentRef, string, AvailabilityEvent)>(new UnboundedChannelOptions { SingleReader = true });

    private readonly EventLog _log;

    public StoreAvailabilityEventSink(EventLog log) => _log = log;

    /// <summary>A sink for one group's engine.</summary>
    public IAvailabilityEventSink For(DeploymentRef deployment, string group) => new GroupSink(this, deployment, group);

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
            await _log.AppendAsync(severity, kind, subject, group, $"{group}: {e.Message}", cancellationToken).ConfigureAwait(false);
        }
    }

    private sealed class GroupSink(StoreAvailabilityEventSink owner, DeploymentRef deployment, string group) : IAvailabilityEventSink
    {
        public void Publish(AvailabilityEvent availabilityEvent) => owner.Publish(deployment, group, availabilityEvent);
    }
}

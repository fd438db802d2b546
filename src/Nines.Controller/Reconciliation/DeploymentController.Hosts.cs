using Nines.Contracts.Errors;
using Nines.Contracts.Model;
using Nines.Contracts.Repositories;
using Nines.Store;

namespace Nines.Controller.Reconciliation;

/// <summary>
/// The watch on the host registrations: a host whose record disappears (lease gone) or appears (new, or back after a
/// failure or a store outage) makes every deployment be reconciled again, so a failure is handled — and a returning
/// host resynchronised — without waiting for the periodic resync. Heartbeats feed <see cref="HostLiveness"/>.
/// </summary>
public sealed partial class DeploymentController
{
    private async Task WatchHostsAsync(WorkQueue<DeploymentRef> queue, CancellationToken cancellationToken)
    {
        var liveness = _reconciler.Liveness;
        while (true)
        {
            try
            {
                var range = await _store.RangeAsync(StoreKeys.Hosts, cancellationToken: cancellationToken).ConfigureAwait(false);
                foreach (var entry in range.Entries)
                {
                    if (HostOfInfoKey(entry.Key) is { } host)
                    {
                        liveness?.Seen(host);
                    }
                }

                await foreach (var change in _store.WatchAsync(StoreKeys.Hosts, range.Revision, cancellationToken).ConfigureAwait(false))
                {
                    if (HostOfInfoKey(change.Entry.Key) is not { } host)
                    {
                        continue;
                    }

                    if (change.Kind == WatchEventKind.Delete)
                    {
                        liveness?.Lost(host);
                        LogHostLost(Logger, host);
                        await EnqueueAllAsync(queue, cancellationToken).ConfigureAwait(false);

                        // After the enqueue: a pass that was waiting for the host's agent ends and runs again at once.
                        _reconciler.HostLost(host);
                    }
                    else if (liveness?.Seen(host) ?? change.Entry.Version == 1)
                    {
                        await EnqueueAllAsync(queue, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            catch (Exception e) when (e is StoreCompactedException || (ReconcileErrors.IsTransient(e) && !Supervision.StoreLoss.IsPermanent(e) && !cancellationToken.IsCancellationRequested))
            {
                // Read the hosts again and watch from there; a busy store is retried after a pause.
                await Task.Delay(_reconciler.Options.BaseBackoff, _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static string? HostOfInfoKey(StoreKey key)
    {
        var text = key.ToString();
        return text.StartsWith(StoreKeys.Hosts, StringComparison.Ordinal) && text.EndsWith("/info", StringComparison.Ordinal)
            ? text[StoreKeys.Hosts.Length..^"/info".Length]
            : null;
    }
}

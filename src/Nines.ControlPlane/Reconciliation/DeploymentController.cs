using Nines.ControlPlane.Model;
using Nines.ControlPlane.Repositories;
using Nines.Store;

namespace Nines.ControlPlane.Reconciliation;

/// <summary>
/// The controller's loop: one work queue keyed by deployment, fed by a watch on the specs, a periodic resync and
/// the reconciler's own requeues; one worker runs <see cref="DeploymentReconciler.ReconcileAsync"/>. Transient
/// errors are retried with exponential backoff (and reported as events); anything else is a bug and ends
/// <see cref="RunAsync"/> with it, so the process stops rather than limps on.
/// </summary>
public sealed partial class DeploymentController
{
    private readonly IStateStore _store;
    private readonly DeploymentReconciler _reconciler;
    private readonly EventLog _events;
    private readonly TimeProvider _time;

    public DeploymentController(IStateStore store, DeploymentReconciler reconciler, EventLog events, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(reconciler);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(time);
        _store = store;
        _reconciler = reconciler;
        _events = events;
        _time = time;
    }

    /// <summary>Raised after every pass (for tests and metrics): the deployment and the error, if any.</summary>
    public event Action<DeploymentRef, Exception?>? Reconciled;

    /// <summary>
    /// Sweeps orphans, then reconciles every deployment and every change until <paramref name="cancellationToken"/>
    /// fires (then returns) or the loop fails (then throws that failure).
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var options = _reconciler.Options;
        using var queue = new WorkQueue<DeploymentRef>(_time, options.BaseBackoff, options.MaxBackoff);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await _reconciler.SweepOrphansAsync(stop.Token).ConfigureAwait(false);
        var revision = await EnqueueAllAsync(queue, stop.Token).ConfigureAwait(false);
        using var resync = _time.CreateTimer(_ => _ = EnqueueAllAsync(queue, stop.Token), null, options.ResyncInterval, options.ResyncInterval);
        var tasks = new[] { WatchAsync(queue, revision, stop.Token), WorkAsync(queue, stop.Token), WatchHostsAsync(queue, stop.Token) };
        var first = await Task.WhenAny(tasks).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && !first.IsFaulted)
        {
            // Asked to stop.
        }
        finally
        {
            if (first.IsFaulted)
            {
                await first.ConfigureAwait(false);
            }
        }
    }

    private async Task<long> EnqueueAllAsync(WorkQueue<DeploymentRef> queue, CancellationToken cancellationToken)
    {
        try
        {
            var range = await _store.RangeAsync(StoreKeys.Deployments, cancellationToken: cancellationToken).ConfigureAwait(false);
            foreach (var entry in range.Entries)
            {
                if (StoreKeys.DeploymentOfSpecKey(entry.Key.ToString()) is { } deployment)
                {
                    queue.Add(deployment);
                }
            }

            return range.Revision;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return 0;
        }
    }

    private async Task WatchAsync(WorkQueue<DeploymentRef> queue, long revision, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await foreach (var change in _store.WatchAsync(StoreKeys.Deployments, revision, cancellationToken).ConfigureAwait(false))
                {
                    revision = change.Revision;
                    if (StoreKeys.DeploymentOfSpecKey(change.Entry.Key.ToString()) is { } deployment)
                    {
                        queue.Add(deployment);
                    }
                }
            }
            catch (StoreCompactedException)
            {
                // Fell behind the store's history: every deployment is looked at again, then changes from now on.
                revision = await EnqueueAllAsync(queue, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task WorkAsync(WorkQueue<DeploymentRef> queue, CancellationToken cancellationToken)
    {
        while (true)
        {
            var deployment = await queue.TakeAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var result = await _reconciler.ReconcileAsync(deployment, cancellationToken).ConfigureAwait(false);
                queue.Forget(deployment);
                if (result.RequeueAfter is { } after)
                {
                    queue.AddAfter(deployment, after);
                }

                Reconciled?.Invoke(deployment, null);
            }
            catch (Exception e) when (ReconcileErrors.IsTransient(e) && !cancellationToken.IsCancellationRequested)
            {
                var delay = queue.AddRateLimited(deployment);
                await _events.AppendAsync(EventSeverity.Warning, "ReconcileRetry", deployment.ToString(), e.GetType().Name, $"{e.Message} (retry {queue.Failures(deployment)} in {delay.TotalSeconds:0.###} s)", cancellationToken).ConfigureAwait(false);
                Reconciled?.Invoke(deployment, e);
            }
            finally
            {
                queue.Done(deployment);
            }
        }
    }
}

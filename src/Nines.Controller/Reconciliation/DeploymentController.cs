using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nines.Contracts.Errors;
using Nines.Contracts.Model;
using Nines.Contracts.Repositories;
using Nines.Controller.Hosting;
using Nines.Controller.Supervision;
using Nines.Store;

namespace Nines.Controller.Reconciliation;

/// <summary>
/// The controller's loop: one work queue keyed by deployment, fed by a watch on the specs, a periodic resync and
/// the reconciler's own requeues; <see cref="ReconcilerOptions.Workers"/> workers run
/// <see cref="DeploymentReconciler.ReconcileAsync"/> (never two on one deployment at once). A pass's error is its
/// deployment's alone: transient errors are retried with exponential backoff (and reported as events); any other
/// error fails that deployment at its generation (<see cref="DeploymentReconciler.RecordFailureAsync"/>) and the
/// workers carry on. Every part runs under a <see cref="LoopSupervisor"/>; only a store gone for good
/// (<see cref="StoreLoss"/>) or a lost term ends <see cref="RunAsync"/>.
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

    /// <summary>Where reconcile failures, retries and host losses are logged.</summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;

    /// <summary>Runs the loop's parts (<c>deployments/watch</c>, <c>deployments/hosts</c>, <c>deployments/resync</c>,
    /// <c>deployments/worker-N</c>); null for one of its own with a private registry.</summary>
    public LoopSupervisor? Supervisor { get; init; }

    /// <summary>
    /// Sweeps orphans, then reconciles every deployment and every change until <paramref name="cancellationToken"/>
    /// fires (then returns) or a part fails for good (then throws that failure).
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var options = _reconciler.Options;
        var supervisor = (Supervisor ?? new LoopSupervisor(new LoopRegistry(), _time, Logger)).With(new LoopSupervisorOptions
        {
            BaseBackoff = options.BaseBackoff,
            MaxBackoff = options.MaxBackoff,
            EndsLoop = e => e is LeadershipLostException,
        });
        using var queue = new WorkQueue<DeploymentRef>(_time, options.BaseBackoff, options.MaxBackoff);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var revision = await EnqueueAllAsync(queue, stop.Token).ConfigureAwait(false);

        // In the background: a host whose agent does not answer must not hold up the others' deployments.
        var sweep = SweepAsync(stop.Token);
        List<Task> tasks =
        [
            supervisor.RunAsync("deployments/watch", ct => WatchAsync(queue, Interlocked.Exchange(ref revision, 0), ct), stop.Token),
            supervisor.RunAsync("deployments/hosts", ct => WatchHostsAsync(queue, ct), stop.Token),
            supervisor.RunAsync("deployments/resync", ct => ResyncAsync(queue, ct), stop.Token),
            .. Enumerable.Range(1, Math.Max(1, options.Workers)).Select(i => supervisor.RunAsync($"deployments/worker-{i}", ct => WorkAsync(queue, ct), stop.Token)),
        ];
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
            await sweep.ConfigureAwait(false);
            if (first.IsFaulted)
            {
                await first.ConfigureAwait(false);
            }
        }
    }

    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        try
        {
            foreach (var (host, error) in await _reconciler.SweepOrphansAsync(cancellationToken).ConfigureAwait(false))
            {
                LogSweepFailed(Logger, host, error);
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not LeadershipLostException)
        {
            // The store is busy (or the sweep hit a bug): orphans are swept at the next start, nothing depends on it.
            LogSweepFailed(Logger, "*", e);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (LeadershipLostException)
        {
            // The term is over; the loop ends with it.
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

    private async Task ResyncAsync(WorkQueue<DeploymentRef> queue, CancellationToken cancellationToken)
    {
        var interval = _reconciler.Options.ResyncInterval;
        while (true)
        {
            await Task.Delay(interval, _time, cancellationToken).ConfigureAwait(false);
            try
            {
                await EnqueueAllAsync(queue, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (ReconcileErrors.IsTransient(e) && !StoreLoss.IsPermanent(e) && !cancellationToken.IsCancellationRequested)
            {
                // A busy store: the next resync looks again.
            }
        }
    }

    // revision: where the first run watches from (the listing RunAsync made); a restarted watch lists again.
    private async Task WatchAsync(WorkQueue<DeploymentRef> queue, long revision, CancellationToken cancellationToken)
    {
        if (revision == 0)
        {
            revision = await EnqueueAllAsync(queue, cancellationToken).ConfigureAwait(false);
        }

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
                using var scope = Logger.BeginScope("{Tenant}/{Deployment}", deployment.Tenant, deployment.Name);
                await PassAsync(queue, deployment, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                queue.Done(deployment);
            }
        }
    }

    /// <summary>One pass over <paramref name="deployment"/>; throws only to stop (cancelled, term lost, store gone for good).</summary>
    private async Task PassAsync(WorkQueue<DeploymentRef> queue, DeploymentRef deployment, CancellationToken cancellationToken)
    {
        Exception? failure;
        try
        {
            var result = await _reconciler.ReconcileAsync(deployment, cancellationToken).ConfigureAwait(false);
            queue.Forget(deployment);
            if (result.RequeueAfter is { } after)
            {
                queue.AddAfter(deployment, after);
            }

            Reconciled?.Invoke(deployment, null);
            return;
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested || e is LeadershipLostException || StoreLoss.IsPermanent(e))
        {
            throw;
        }
        catch (Exception e) when (ReconcileErrors.IsTransient(e) || e is OperationCanceledException)
        {
            // A cancellation that is not ours is a deadline inside the pass: worth another try like any timeout.
            await RetryAsync(queue, deployment, e, cancellationToken).ConfigureAwait(false);
            failure = e;
        }
        catch (Exception e)
        {
            await FailAsync(queue, deployment, e, cancellationToken).ConfigureAwait(false);
            failure = e;
        }

        Reconciled?.Invoke(deployment, failure);
    }

    private async Task RetryAsync(WorkQueue<DeploymentRef> queue, DeploymentRef deployment, Exception error, CancellationToken cancellationToken)
    {
        var delay = queue.AddRateLimited(deployment);
        var attempt = queue.Failures(deployment);
        LogRetry(Logger, deployment.Tenant, deployment.Name, attempt, delay.TotalSeconds, error.GetType().Name, error.Message);
        try
        {
            await _events.AppendAsync(EventSeverity.Warning, "ReconcileRetry", deployment.ToString(), error.GetType().Name, $"{error.Message} (retry {attempt} in {delay.TotalSeconds:0.###} s)", cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not LeadershipLostException && !StoreLoss.IsPermanent(e))
        {
            // The retry is queued either way; a store that cannot take the event (disk full) must not stop the worker.
            LogEventFailed(Logger, deployment.Tenant, deployment.Name, e);
        }
    }

    private async Task FailAsync(WorkQueue<DeploymentRef> queue, DeploymentRef deployment, Exception error, CancellationToken cancellationToken)
    {
        LogReconcileFailed(Logger, deployment.Tenant, deployment.Name, error);
        try
        {
            var operation = await _reconciler.RecordFailureAsync(deployment, error, cancellationToken).ConfigureAwait(false);
            queue.Forget(deployment);
            LogMarkedFailed(Logger, deployment.Tenant, deployment.Name, operation ?? "-", error.GetType().Name);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not LeadershipLostException && !StoreLoss.IsPermanent(e))
        {
            // Recording failed too (the store is full or away): look again after a backoff, when it may take the record.
            var delay = queue.AddRateLimited(deployment);
            LogRecordFailed(Logger, deployment.Tenant, deployment.Name, delay.TotalSeconds, e);
        }
    }
}

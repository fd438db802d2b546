using Microsoft.Extensions.Logging;
using Nines.Contracts.Errors;
using Nines.Contracts.Model;
using Nines.Contracts.Repositories;
using Nines.Controller.AvailabilityShell;
using Nines.Controller.Reconciliation;
using Nines.Controller.Repositories;
using Nines.Controller.Supervision;
using Nines.Store;
using Nines.Store.Election;

namespace Nines.Controller.Hosting;

/// <summary>
/// One of several controllers sharing a store: it campaigns with <see cref="LeaderElection"/> and runs the
/// <see cref="DeploymentController"/> only while it leads, under the term's <see cref="LeaderElection.LeadershipToken"/>
/// and over a <see cref="FencedStateStore"/>, so a deposed leader's writes fail even before it notices. Standbys
/// wait; when the leader dies (its lease expires) or resigns, one of them takes over and starts from the store —
/// every reconcile step is idempotent, so an interrupted deploy is finished, not repeated.
/// Not a process of its own: <see cref="ClusterController"/> (a cluster's controller) runs one; the CLI's
/// <c>ControlPlaneServer</c> serves the REST API beside it.
/// </summary>
/// <remarks>
/// The REST API is not part of this type: every controller process serves it over the same shared store (reads and
/// writes are store operations, spec writes compare-on-revision), so a client may use any controller.
/// <see cref="DisposeAsync"/> stops like a crash (no resignation: a standby takes over after the lease's TTL);
/// <see cref="ResignAsync"/> hands over at once.
/// </remarks>
public sealed class ElectedController : IAsyncDisposable
{
    private readonly ElectedControllerOptions _options;
    private readonly LeaderElection _election;
    private readonly LoopSupervisor _supervisor;
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private int _terms;
    private bool _stopped;
    private AvailabilityManager? _availability;

    private ElectedController(ElectedControllerOptions options)
    {
        _options = options;
        _election = new LeaderElection(options.Store, new LeaderElectionOptions
        {
            Name = options.Election.Name,
            Candidate = options.Election.Candidate,
            Ttl = options.Election.Ttl,
            KeepAliveInterval = options.Election.KeepAliveInterval,
            RetryInterval = options.Election.RetryInterval,
            TimeProvider = options.TimeProvider,
            Logger = Microsoft.Extensions.Logging.LoggerFactoryExtensions.CreateLogger<LeaderElection>(options.LoggerFactory),
        });
        var loggers = options.LoggerFactory;
        Loops = options.Loops ?? new LoopRegistry(loggers.CreateLogger<LoopRegistry>());
        var events = new EventLog(options.Store, options.TimeProvider);
        _supervisor = new LoopSupervisor(Loops, options.TimeProvider, loggers.CreateLogger<LoopSupervisor>(), options.Supervision)
        {
            OnFailure = (failure, ct) => events.AppendAsync(
                EventSeverity.Warning, "LoopRestarted", failure.Loop, failure.Kind, $"controller {options.Election.Candidate}: loop {failure.Loop} failed ({failure.Detail}); restart {failure.Restarts} in {failure.Delay.TotalSeconds:0.###} s", ct),
        };
    }

    /// <summary>The supervised loops (the term, the deployment controller's parts, availability) and their states.</summary>
    public LoopRegistry Loops { get; }

    /// <summary>Raised after every reconcile pass this controller ran as leader (the deployment and the error, if any).</summary>
    public event Action<DeploymentRef, Exception?>? Reconciled;

    /// <summary>Raised when this controller's term starts (true) or ends (false).</summary>
    public event Action<bool>? LeadershipChanged;

    /// <summary>This controller's candidate name.</summary>
    public string Candidate => _options.Election.Candidate;

    /// <summary>True while this controller leads (and so reconciles).</summary>
    public bool IsLeader => _election.IsLeader;

    /// <summary>The leading controller as far as this one knows, or null.</summary>
    public string? Leader => _election.Leader;

    /// <summary>How many terms this controller has led.</summary>
    public int Terms => Volatile.Read(ref _terms);

    /// <summary>The election key.</summary>
    public StoreKey ElectionKey => _election.Key;

    /// <summary>
    /// Ends when the controller stops; faulted only when the store is gone for good (<see cref="StoreLoss"/>). A term
    /// whose loop failed otherwise resigns and campaigns again after a backoff (the loop <c>controller/term</c>).
    /// </summary>
    public Task Completion => _loop;

    /// <summary>The availability manager of the term this controller leads now; null while it stands by (or runs none).</summary>
    public AvailabilityManager? Availability => Volatile.Read(ref _availability);

    /// <summary>Starts campaigning; reconciles whenever this controller leads.</summary>
    public static ElectedController Start(ElectedControllerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var host = new ElectedController(options);
        host._election.Start();
        host._loop = Task.Run(() => host._supervisor.RunAsync("controller/term", host.RunAsync, host._stop.Token));
        return host;
    }

    /// <summary>Completes once this controller leads.</summary>
    public Task WaitForLeadershipAsync(CancellationToken cancellationToken) => _election.WaitForLeadershipAsync(cancellationToken);

    /// <summary>Stops reconciling and resigns, so a standby takes over at once.</summary>
    public async Task ResignAsync(CancellationToken cancellationToken)
    {
        await StopLoopAsync().ConfigureAwait(false);
        await _election.ResignAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops without resigning, like a crash: standbys take over when the lease expires.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopLoopAsync().ConfigureAwait(false);
        await _election.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task StopLoopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Asked to stop; a loop that had failed keeps its fault in Completion.
        }
    }

    private async Task RunAsync(CancellationToken stop)
    {
        var liveness = new HostLiveness(_options.TimeProvider);
        while (!stop.IsCancellationRequested)
        {
            var term = await _election.WaitForLeadershipAsync(stop).ConfigureAwait(false);
            using var active = CancellationTokenSource.CreateLinkedTokenSource(term, stop);
            try
            {
                await LeadAsync(liveness, active.Token).ConfigureAwait(false);
            }
            catch (LeadershipLostException)
            {
                // The store fenced us out before the election noticed: wait for it to (within a renewal or so).
                await WaitForTermEndAsync(term, stop).ConfigureAwait(false);
            }
            catch (Exception) when (term.IsCancellationRequested || stop.IsCancellationRequested)
            {
                // The term ended (or we were asked to stop): a standby carries on from the store.
            }
            catch (Exception e) when (StoreLoss.IsPermanent(e))
            {
                // Nothing to lead with: the process stops with the reason.
                await ResignQuietlyAsync().ConfigureAwait(false);
                throw;
            }
            catch (Exception e) when (ReconcileErrors.IsTransient(e))
            {
                // The store was away long enough to end the loop (a member restarting, no Raft leader): lead again.
                await Task.Delay(_options.Election.RetryInterval, _options.TimeProvider, stop).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // A bug in the loop: hand over at once rather than hold the lease without reconciling; the supervisor
                // records it and campaigns again after a backoff.
                await ResignQuietlyAsync().ConfigureAwait(false);
                throw;
            }
            finally
            {
                LeadershipChanged?.Invoke(false);
            }
        }
    }

    private async Task WaitForTermEndAsync(CancellationToken term, CancellationToken stop)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(term, stop);
        try
        {
            await Task.Delay(_options.Election.Ttl, _options.TimeProvider, either.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (either.IsCancellationRequested)
        {
            // The term ended.
        }
    }

    private async Task ResignQuietlyAsync()
    {
        try
        {
            await _election.ResignAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (ReconcileErrors.IsTransient(e) || e is OperationCanceledException)
        {
            // The lease expires on its own.
        }
    }

    private async Task LeadAsync(HostLiveness liveness, CancellationToken term)
    {
        // The key's create revision identifies this term: every write of the term is fenced on it.
        var key = await _options.Store.GetAsync(_election.Key, term).ConfigureAwait(false);
        if (key is null || key.ValueAsString() != Candidate)
        {
            throw new LeadershipLostException(_election.Key.ToString(), 0, key?.CreateRevision ?? 0);
        }

        Interlocked.Increment(ref _terms);
        LeadershipChanged?.Invoke(true);
        var time = _options.TimeProvider;
        var store = new FencedStateStore(_options.Store, _election.Key, key.CreateRevision);
        var events = new EventLog(store, time);
        var reconciler = new DeploymentReconciler(
            new DeploymentRepository(store, time),
            new HostRepository(store),
            new OperationRepository(store, time),
            events,
            _options.Agents,
            _options.Reconciler,
            time)
        {
            Liveness = liveness,
        };
        await events.AppendAsync(EventSeverity.Normal, "ControllerElected", Candidate, null, $"controller {Candidate} is active (term of revision {key.CreateRevision})", term).ConfigureAwait(false);
        var controller = new DeploymentController(store, reconciler, events, time)
        {
            Logger = _options.LoggerFactory.CreateLogger<DeploymentController>(),
            Supervisor = _supervisor,
        };
        controller.Reconciled += (deployment, error) => Reconciled?.Invoke(deployment, error);
        var availability = StartAvailability(store, events, term);
        try
        {
            await controller.RunAsync(term).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _availability, null);
            try
            {
                await availability.ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or LeadershipLostException || ReconcileErrors.IsTransient(e))
            {
                // The term ended.
            }
        }
    }

    /// <summary>
    /// The term's availability manager over every registered host, acting through the fenced store; supervised as the
    /// loop <c>availability</c> (a failed run is replaced by a new manager) until the term ends.
    /// </summary>
    private Task StartAvailability(FencedStateStore store, EventLog events, CancellationToken term)
    {
        if (_options.Availability is not { } options)
        {
            return Task.CompletedTask;
        }

        var time = _options.TimeProvider;
        var supervisor = _supervisor.With(_supervisor.Options with { EndsLoop = e => e is LeadershipLostException });
        return Task.Run(
            () => supervisor.RunAsync(
                "availability",
                async ct =>
                {
                    var hosts = new ClusterHostEvents(new HostRepository(store), _options.Agents, time, _options.LoggerFactory);
                    await hosts.RefreshAsync(ct).ConfigureAwait(false);
                    var manager = new AvailabilityManager(new DeploymentRepository(store, time), events, store, hosts.AgentOf, options, time, _options.Reconciler.Mapping, _options.LoggerFactory);
                    Volatile.Write(ref _availability, manager);
                    await manager.RunAsync(hosts, ct).ConfigureAwait(false);
                },
                term),
            CancellationToken.None);
    }
}

using Nines.Contracts.Agents;
using Nines.Contracts.Errors;
using Nines.Contracts.Repositories;
using Nines.Controller.AvailabilityShell;
using Nines.Controller.Reconciliation;
using Nines.Controller.Repositories;
using Nines.Controller.Supervision;
using Nines.Store;

namespace Nines.Controller.Hosting;

/// <summary>
/// The controller of a cluster without a host of its own: the repositories over the cluster's store (etcd) that the
/// REST API reads and writes, and an election-gated <see cref="ElectedController"/> whose deployment reconciler reaches
/// the registered hosts through an <see cref="IHostAgentDirectory"/>. What <c>nines up --store etcd://…</c> runs behind
/// the REST API; the agents (<c>nines agent</c>) register themselves in the same store. Any number of these may share
/// one store: every one serves the API, only the elected one reconciles, and a standby takes over when it dies.
/// Not <see cref="ElectedController"/> (the election-gated loop this runs) nor the CLI's <c>ClusterControlPlane</c>
/// (which composes this with the etcd store, the agents' directory and optionally one local agent).
/// </summary>
/// <remarks>Neither the store nor the directory is disposed: the caller composed them.</remarks>
public sealed class ClusterController : IAsyncDisposable
{
    private readonly ReconcilerOptions _options;
    private readonly ControllerElectionOptions _election;
    private ElectedController? _elected;
    private bool _stopped;

    public ClusterController(IStateStore store, IHostAgentDirectory agents, ReconcilerOptions options, TimeProvider time, ControllerElectionOptions? election = null, Microsoft.Extensions.Logging.ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(agents);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        Store = store;
        Agents = agents;
        Time = time;
        _options = options;
        _election = election ?? new ControllerElectionOptions();
        LoggerFactory = loggerFactory ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance;
        Deployments = new DeploymentRepository(store, time);
        Hosts = new HostRepository(store);
        Operations = new OperationRepository(store, time);
        Events = new EventLog(store, time);
        Loops = new LoopRegistry(Microsoft.Extensions.Logging.LoggerFactoryExtensions.CreateLogger<LoopRegistry>(LoggerFactory));
    }

    /// <summary>The supervised loops of this controller (its term, the deployment controller's parts, availability), for <c>/v1/health</c>.</summary>
    public LoopRegistry Loops { get; }

    public IStateStore Store { get; }

    /// <summary>Where the controller's loops log.</summary>
    public Microsoft.Extensions.Logging.ILoggerFactory LoggerFactory { get; }

    /// <summary>The reconciler's options (the VM mapping live migrations build definitions with).</summary>
    public ReconcilerOptions Options => _options;

    public IHostAgentDirectory Agents { get; }

    public TimeProvider Time { get; }

    public DeploymentRepository Deployments { get; }

    public HostRepository Hosts { get; }

    public OperationRepository Operations { get; }

    public EventLog Events { get; }

    /// <summary>The availability manager of the current term while this controller is elected; null otherwise.</summary>
    public AvailabilityManager? Availability => _elected?.Availability;

    /// <summary>True while this controller is the elected one (and so reconciles).</summary>
    public bool IsLeader => _elected?.IsLeader ?? false;

    /// <summary>Ends when the controller stops: at <see cref="StopAsync"/>, or faulted when the store is gone for good.</summary>
    public Task Completion => _elected?.Completion ?? Task.CompletedTask;

    /// <summary>Starts campaigning; while elected, runs the deployment controller's loop (orphan sweep, every deployment, the spec watch).</summary>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(_stopped, this);
        _elected ??= ElectedController.Start(new ElectedControllerOptions(Store, Agents, _options) { Election = _election, TimeProvider = Time, LoggerFactory = LoggerFactory, Loops = Loops });
    }

    /// <summary>Stops reconciling and resigns, so a standby takes over at once; the hosts keep their VMs. Idempotent.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        if (_elected is not { } elected)
        {
            return;
        }

        try
        {
            await elected.ResignAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (ReconcileErrors.IsTransient(e) || e is OperationCanceledException)
        {
            // The store is away: the lease expires on its own and a standby takes over then.
        }

        await elected.DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);
}

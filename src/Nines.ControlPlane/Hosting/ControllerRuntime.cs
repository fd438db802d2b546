using Nines.ControlPlane.Agents;
using Nines.ControlPlane.Reconciliation;
using Nines.ControlPlane.Repositories;
using Nines.Store;

namespace Nines.ControlPlane.Hosting;

/// <summary>
/// The controller of a cluster without a host of its own: the repositories over the cluster's store (etcd), the
/// deployment reconciler reaching the registered hosts through an <see cref="IHostAgentDirectory"/>, and the deployment
/// controller's loop in the background. What <c>nines up --store etcd://…</c> runs behind the REST API; the agents
/// (<c>nines agent</c>) register themselves in the same store.
/// </summary>
/// <remarks>Neither the store nor the directory is disposed: the caller composed them.</remarks>
public sealed class ControllerRuntime : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private bool _stopped;

    public ControllerRuntime(IStateStore store, IHostAgentDirectory agents, ReconcilerOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(agents);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        Store = store;
        Agents = agents;
        Time = time;
        Deployments = new DeploymentRepository(store, time);
        Hosts = new HostRepository(store);
        Operations = new OperationRepository(store, time);
        Events = new EventLog(store, time);
        Reconciler = new DeploymentReconciler(Deployments, Hosts, Operations, Events, agents, options, time);
    }

    public IStateStore Store { get; }

    public IHostAgentDirectory Agents { get; }

    public TimeProvider Time { get; }

    public DeploymentRepository Deployments { get; }

    public HostRepository Hosts { get; }

    public OperationRepository Operations { get; }

    public EventLog Events { get; }

    public DeploymentReconciler Reconciler { get; }

    /// <summary>Ends when the controller's loop stops: at <see cref="StopAsync"/>, or faulted when it hit a bug.</summary>
    public Task Completion => _loop;

    /// <summary>Starts the deployment controller's loop (orphan sweep, then every deployment, then the spec watch).</summary>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(_stopped, this);
        var controller = new DeploymentController(Store, Reconciler, Events, Time);
        _loop = Task.Run(() => controller.RunAsync(_stop.Token), CancellationToken.None);
    }

    /// <summary>Stops the loop; the hosts keep their VMs. Idempotent.</summary>
    public async Task StopAsync()
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
        catch (OperationCanceledException)
        {
            // Asked to stop.
        }
        finally
        {
            _stop.Dispose();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);
}

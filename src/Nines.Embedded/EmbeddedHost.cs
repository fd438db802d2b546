using Microsoft.Extensions.Logging;
using Nines.Agent.Convergence;
using Nines.Agent.Hosting;
using Nines.Contracts.Agents;
using Nines.Contracts.Model;
using Nines.Contracts.Repositories;
using Nines.Controller.Reconciliation;
using Nines.Controller.Repositories;
using Nines.Controller.Supervision;
using Nines.Drivers.Routing;
using Nines.Images;
using Nines.Networking.Ovs;
using Nines.Store;
using Nines.Store.Sqlite;

namespace Nines.Embedded;

/// <summary>
/// One machine's whole control plane in one process (what <c>nines up</c> runs): the SQLite store, the repositories,
/// an Open vSwitch instance it owns, the VM driver (QEMU guests and OS-level instances behind one
/// <see cref="RoutingVmDriver"/>), the in-process agent registered as this machine's host (kept
/// alive by a heartbeat) and the deployment controller running in the background.
/// Its host side is what an agent runs (<see cref="HostVmStack"/>, <see cref="LocalHostAgent"/>), without
/// <see cref="AgentHost"/>'s HTTPS and fencing; its controller is the cluster's (<see cref="DeploymentController"/>, the availability manager)
/// on its own SQLite store.
/// </summary>
/// <remarks>
/// Stopping (<see cref="DisposeAsync"/>, <see cref="StopAsync"/>) leaves the VMs running and their networks in place,
/// so the next start re-attaches to them; <see cref="StopAsync"/> with <c>tearDown</c> removes every deployment's
/// VMs and network objects from the machine first (the desired state stays in the store) and stops the Open vSwitch
/// daemons it started.
/// </remarks>
public sealed partial class EmbeddedHost : IAsyncDisposable
{
    private readonly EmbeddedHostOptions _options;
    private readonly CancellationTokenSource _stop = new();
    private SqliteStateStore? _store;
    private OvsDaemon? _ovs;
    private RoutingVmDriver? _driver;
    private HostHeartbeat? _heartbeat;
    private Agent.Hooks.HostVersionProbe? _versions;
    private Task _heartbeatTask = Task.CompletedTask;
    private Task _controllerTask = Task.CompletedTask;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private LoopSupervisor? _supervisor;
    private bool _stopped;

    private EmbeddedHost(EmbeddedHostOptions options, string dataDirectory)
    {
        _options = options;
        DataDirectory = dataDirectory;
        Loops = new LoopRegistry(options.LoggerFactory.CreateLogger<LoopRegistry>());
    }

    /// <summary>The supervised loops (heartbeat, the controller's parts, availability) and their states, for <c>/v1/health</c>.</summary>
    public LoopRegistry Loops { get; }

    /// <summary>Where the store, the Open vSwitch run directory and the VMs' run directories are.</summary>
    public string DataDirectory { get; }

    /// <summary>The store every repository reads and writes.</summary>
    public IStateStore Store => _store ?? throw NotStarted();

    public DeploymentRepository Deployments { get; private set; } = null!;

    public HostRepository Hosts { get; private set; } = null!;

    public OperationRepository Operations { get; private set; } = null!;

    public EventLog Events { get; private set; } = null!;

    /// <summary>This machine's agent (the controller's only host).</summary>
    public LocalHostAgent Agent { get; private set; } = null!;

    /// <summary>
    /// The VM driver the agent runs: guests go to <see cref="RoutingVmDriver.Vms"/> (QEMU, or the fake), OS-level
    /// instances (<c>type: os</c>) to <see cref="RoutingVmDriver.Instances"/> (the container driver, or a second fake).
    /// </summary>
    public RoutingVmDriver Driver => _driver ?? throw NotStarted();

    /// <summary>The Open vSwitch instance (null with the fake driver, whose networks stay in memory).</summary>
    public OvsDaemon? Ovs => _ovs;

    /// <summary>The guest image VMs boot when their own kernel is missing (null with the fake driver).</summary>
    public GuestImage? GuestImage { get; private set; }

    /// <summary>
    /// The host files scenarios submitted through the API may name: the configured image roots and each tenant's library
    /// <c>DATA/images/&lt;tenant&gt;</c> (the agent allows the guest image's directory besides).
    /// </summary>
    public Drivers.HostPaths.HostPathPolicy HostPaths { get; private set; } = Drivers.HostPaths.HostPathPolicy.None;

    /// <summary>How scenario VMs become driver definitions here (set once started).</summary>
    public Drivers.Mapping.VmMappingOptions? Mapping { get; private set; }

    /// <summary>
    /// Ends at <see cref="StopAsync"/>; faulted as soon as a supervised loop fails for good (the store is gone,
    /// <see cref="StoreLoss"/>): every other failure is isolated or restarted.
    /// </summary>
    public Task Completion => _completion.Task;

    /// <summary>Composes and starts the control plane: everything in <see cref="EmbeddedHost"/>'s summary, in dependency order.</summary>
    public static async Task<EmbeddedHost> StartAsync(EmbeddedHostOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var data = Path.GetFullPath(options.DataDirectory ?? EmbeddedHostOptions.DefaultDataDirectory());
        Directory.CreateDirectory(data);
        var host = new EmbeddedHost(options, data);
        try
        {
            await host.StartCoreAsync(cancellationToken).ConfigureAwait(false);
            return host;
        }
        catch
        {
            await host.AbandonStartAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Undoes a start that failed (here or in the caller, after it returned): stops what runs and the Open vSwitch
    /// daemons this start brought up; VMs of an earlier run are left running for the next start.
    /// </summary>
    public async Task AbandonStartAsync()
    {
        await StopAsync(tearDown: false, CancellationToken.None).ConfigureAwait(false);
        if (_ovs is { } ovs)
        {
            await HostVmStack.StopIfStartedHereAsync(ovs).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Stops the controller and the heartbeat. With <paramref name="tearDown"/> every deployment's VMs and network
    /// objects are removed from the machine first, and the Open vSwitch daemons (when this host started them) are
    /// stopped; without it VMs keep running for the next start to re-attach. Idempotent.
    /// </summary>
    public async Task StopAsync(bool tearDown, CancellationToken cancellationToken)
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_controllerTask, _heartbeatTask).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Asked to stop; a loop that failed for good has faulted Completion already.
        }

        await StopAvailabilityAsync().ConfigureAwait(false);
        try
        {
            if (tearDown && Agent is not null)
            {
                foreach (var id in await Agent.ListDeploymentsAsync(cancellationToken).ConfigureAwait(false))
                {
                    await Agent.RemoveAsync(id, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            // Starts still waiting for a boot slot are given up first: none may launch on a disposed driver.
            if (Agent is not null)
            {
                await Agent.DisposeAsync().ConfigureAwait(false);
            }

            if (_driver is not null)
            {
                await _driver.DisposeAsync().ConfigureAwait(false);
            }

            // A userspace switch carries the running VMs' traffic: it stops only with them.
            if (tearDown && _ovs is not null)
            {
                await _ovs.StopAsync(cancellationToken).ConfigureAwait(false);
            }

            if (_store is not null)
            {
                await _store.DisposeAsync().ConfigureAwait(false);
            }

            _stop.Dispose();
            _completion.TrySetResult();
        }
    }

    /// <summary>Stops without tearing down: VMs keep running for the next start.</summary>
    public async ValueTask DisposeAsync() => await StopAsync(tearDown: false, CancellationToken.None).ConfigureAwait(false);

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        var time = _options.TimeProvider;
        _store = new SqliteStateStore(new SqliteStateStoreOptions { Path = Path.Combine(DataDirectory, "state.db") }, time);
        Deployments = new DeploymentRepository(_store, time);
        Hosts = new HostRepository(_store);
        Operations = new OperationRepository(_store, time);
        Events = new EventLog(_store, time);

        HostPaths = Drivers.HostPaths.HostPathProbe.Resolved(_options.ImageRoots, Path.Combine(DataDirectory, "images"));
        var runtime = await HostVmStack.StartAsync(
            new HostVmStackOptions(DataDirectory)
            {
                Driver = _options.Driver,
                NetworkNamespace = _options.NetworkNamespace,
                CommandRunner = _options.CommandRunner,
                Networks = _options.Networks,
                Qemu = _options.Qemu,
                Container = _options.Container,
                HostPaths = HostPaths,
                ImageCacheDirectory = _options.ImageCacheDirectory,
                StartProgress = _options.StartProgress,
                TimeProvider = time,
                LoggerFactory = _options.LoggerFactory,
            },
            cancellationToken).ConfigureAwait(false);
        _driver = runtime.Driver;
        _ovs = runtime.Ovs;
        GuestImage = runtime.GuestImage;
        var networks = runtime.Networks;
        var mapping = runtime.Mapping;
        Mapping = mapping;

        Agent = new LocalHostAgent(_options.HostName, _driver, networks)
        {
            StateDirectory = Path.Combine(DataDirectory, "state"),
            Logger = Microsoft.Extensions.Logging.LoggerFactoryExtensions.CreateLogger<LocalHostAgent>(_options.LoggerFactory),
            HostPaths = HostPaths.WithRoots([Drivers.HostPaths.HostPathProbe.Resolve(runtime.GuestImageDirectory)]),
        };
        var reconciler = new DeploymentReconciler(Deployments, Hosts, Operations, Events, new LocalHostAgentDirectory(Agent), new ReconcilerOptions(mapping), time);
        _heartbeat = new HostHeartbeat(Hosts, HostRecordAt, _options.HostLeaseTtl, _options.HeartbeatInterval, time);
        var loggers = _options.LoggerFactory;
        var supervisor = _supervisor = new LoopSupervisor(Loops, time, loggers.CreateLogger<LoopSupervisor>(), _options.Supervision)
        {
            OnFailure = (failure, ct) => Events.AppendAsync(
                EventSeverity.Warning, "LoopRestarted", failure.Loop, failure.Kind, $"loop {failure.Loop} failed ({failure.Detail}); restart {failure.Restarts} in {failure.Delay.TotalSeconds:0.###} s", ct),
        };
        _ = Loops.Fatal.ContinueWith(t => _completion.TrySetException(t.Exception!.InnerExceptions), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

        // Registered before the controller starts: its orphan sweep and first plans look only at registered hosts.
        _versions = new Agent.Hooks.HostVersionProbe(new Processes.ProcessRunner(time), time);
        await _versions.RefreshAsync(cancellationToken).ConfigureAwait(false);
        await _heartbeat.RegisterAsync(cancellationToken).ConfigureAwait(false);
        _heartbeatTask = Task.Run(() => supervisor.RunAsync("heartbeat", _heartbeat.RunAsync, _stop.Token), CancellationToken.None);
        var controller = new DeploymentController(_store, reconciler, Events, time)
        {
            Logger = loggers.CreateLogger<DeploymentController>(),
            Supervisor = supervisor,
        };
        _controllerTask = Task.Run(() => supervisor.RunAsync("deployments", controller.RunAsync, _stop.Token), CancellationToken.None);
        StartAvailability(mapping);
    }

    private HostRecord HostRecordAt(DateTimeOffset now) =>
        new(_options.HostName, "local:", AvailableMemoryMiB(), null, 0, 0, now, _versions?.Current);

    private static long AvailableMemoryMiB() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024);

    private static InvalidOperationException NotStarted() => new("the embedded host is not started");
}

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nines.Contracts.Agents;
using Nines.Contracts.Model;
using Nines.Contracts.Repositories;
using Nines.Controller.Repositories;
using Nines.Drivers.Mapping;
using Nines.Drivers.Migration;

namespace Nines.Controller.LiveMigration;

/// <summary>
/// Runs live migrations of deployment VMs as operations (kind <see cref="OperationKind.Migrate"/>): checks the request,
/// commits the migration into the plan (the VM stays on its source and becomes incoming on the target, whose networks
/// and VLANs are applied first), runs <see cref="LiveMigrationRunner"/> through both hosts' agents writing progress
/// to the operation, and commits the outcome: the VM's placement moves to the target, or stays where it runs.
/// </summary>
public sealed partial class MigrationCoordinator : IAsyncDisposable
{
    private readonly DeploymentRepository _deployments;
    private readonly HostRepository _hosts;
    private readonly OperationRepository _operations;
    private readonly EventLog _events;
    private readonly IHostAgentDirectory _agents;
    private readonly VmMappingOptions _mapping;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Run> _running = new(StringComparer.Ordinal);

    /// <summary>A coordinator over the control plane's repositories and agents; each migration's steps and outcome are logged through <paramref name="logger"/> (none when null).</summary>
    public MigrationCoordinator(DeploymentRepository deployments, HostRepository hosts, OperationRepository operations, EventLog events, IHostAgentDirectory agents, VmMappingOptions mapping, TimeProvider time, ILogger<MigrationCoordinator>? logger = null)
    {
        _deployments = deployments;
        _hosts = hosts;
        _operations = operations;
        _events = events;
        _agents = agents;
        _mapping = mapping;
        _time = time;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>How often progress is written to the operation while the memory is sent.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The policy migrations run with.</summary>
    public MigrationPolicy Policy { get; init; } = MigrationPolicy.Default;

    /// <summary>
    /// Checks that <paramref name="vm"/> of <paramref name="deployment"/> can move to <paramref name="targetHost"/> and
    /// starts the operation; the outcome names the first problem otherwise (<see cref="MigrationStart.Field"/> says which input).
    /// </summary>
    public async Task<MigrationStart> StartAsync(StoredDeployment deployment, string vm, string targetHost, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        if (deployment.Scenario?.Scenario.FindVm(vm) is null)
        {
            return MigrationStart.Refused("vm", $"no vm \"{vm}\" in deployment \"{deployment.Ref.Name}\"", notFound: true);
        }

        if (!deployment.Spec.HasCurrentPlan || deployment.Spec.Deleted)
        {
            return MigrationStart.Refused(null, $"deployment \"{deployment.Ref.Name}\" is not placed (generation {deployment.Spec.Generation}): wait for its operation to complete");
        }

        var plan = deployment.Spec.Plan!;
        var source = plan.Placements.GetValueOrDefault(vm);
        if (source is null)
        {
            return MigrationStart.Refused("vm", $"vm \"{vm}\" has no placement");
        }

        if (plan.Migrations?.GetValueOrDefault(vm) is { } inFlight)
        {
            return MigrationStart.Refused("vm", $"vm \"{vm}\" is already migrating to {inFlight.To} (operation {inFlight.OperationId})");
        }

        if (string.Equals(source, targetHost, StringComparison.Ordinal))
        {
            return MigrationStart.Refused("to", $"vm \"{vm}\" already runs on host {targetHost}");
        }

        var hosts = (await _hosts.ListAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(h => h.Name, StringComparer.Ordinal);
        if (!hosts.TryGetValue(targetHost, out var target))
        {
            return MigrationStart.Refused("to", $"host \"{targetHost}\" is not registered (expected one of {string.Join(", ", hosts.Keys.Order(StringComparer.Ordinal))})");
        }

        if ((await _hosts.ListDrainedAsync(cancellationToken).ConfigureAwait(false)).Any(d => d.Host == targetHost))
        {
            return MigrationStart.Refused("to", $"host \"{targetHost}\" is drained (unschedulable): nines host undrain {targetHost} first");
        }

        if (!hosts.TryGetValue(source, out var from))
        {
            return MigrationStart.Refused(null, $"the host of vm \"{vm}\" (\"{source}\") is not registered");
        }

        if (_agents.Get(from) is not (IHostMigrations and IHostVmOperations) || _agents.Get(target) is not (IHostMigrations and IHostVmOperations))
        {
            return MigrationStart.Refused(null, $"the agents of {source} and {targetHost} must both take live migrations");
        }

        var operation = await _operations.CreateAsync(OperationKind.Migrate, deployment.Ref, deployment.Spec.Generation, [vm], cancellationToken).ConfigureAwait(false);
        operation = operation with { Migration = new MigrationRecord(vm, source, targetHost, "preparing") };
        await _operations.PutAsync(operation, cancellationToken).ConfigureAwait(false);
        var run = new Run(operation, deployment.Ref, vm, from, target, CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token));
        LogStarted(operation.Id, deployment.Ref.Tenant, deployment.Ref.Name, vm, deployment.Ref.VmId(vm), source, targetHost);
        lock (_gate)
        {
            _running[operation.Id] = run;
            run.Work = Task.Run(() => RunAsync(run), CancellationToken.None);
        }

        return new MigrationStart(operation, null, null, false);
    }

    /// <summary>Cancels a migration in flight (the VM keeps running on its source); false when none has that id.</summary>
    public async Task<bool> CancelAsync(string operationId)
    {
        Run? run;
        lock (_gate)
        {
            run = _running.GetValueOrDefault(operationId);
        }

        if (run is null)
        {
            return false;
        }

        LogCancelRequested(operationId, run.Deployment.Tenant, run.Deployment.Name, run.Vm, run.From.Name, run.To.Name);
        await run.Cancel.CancelAsync().ConfigureAwait(false);
        return true;
    }

    /// <summary>The stored operation.</summary>
    public Task<Operation?> GetOperationAsync(string operationId, CancellationToken cancellationToken) => _operations.GetAsync(operationId, cancellationToken);

    /// <summary>Waits for the migration <paramref name="operationId"/> to end (at once when it is not running here).</summary>
    public Task WaitAsync(string operationId)
    {
        lock (_gate)
        {
            return _running.GetValueOrDefault(operationId)?.Work ?? Task.CompletedTask;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        Task[] running;
        lock (_gate)
        {
            running = [.. _running.Values.Select(r => r.Work)];
        }

        await Task.WhenAll(running).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private sealed class Run(Operation operation, DeploymentRef deployment, string vm, HostRecord from, HostRecord to, CancellationTokenSource cancel)
    {
        public Operation Operation { get; set; } = operation;

        public DeploymentRef Deployment { get; } = deployment;

        public string Vm { get; } = vm;

        public HostRecord From { get; } = from;

        public HostRecord To { get; } = to;

        public CancellationTokenSource Cancel { get; } = cancel;

        public Task Work { get; set; } = Task.CompletedTask;
    }
}

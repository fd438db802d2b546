using Nines.Domain.Diagnostics;
using Nines.Drivers.Container.Cgroups;
using Nines.Drivers.Container.Processes;
using Nines.Drivers.Container.Roots;
using Nines.Drivers.Errors;
using Nines.Networking.Commands;

namespace Nines.Drivers.Container;

/// <summary>
/// Runs OS-level instances: a command in its own PID, mount, UTS, IPC and network namespaces, on an overlay root,
/// limited by its own cgroup, with veths on the host's Open vSwitch segments. Same state machine, errors and event
/// order as <see cref="Fake.FakeDriver"/>; instances outlive the driver (a detached launcher supervises each).
/// </summary>
/// <remarks>
/// Partial files by concern: define and validation, lifecycle, stopping, exec, KPIs and resize, supervision (exit
/// polling) and re-attach. <see cref="_gate"/> guards every instance's observed state; each instance's
/// <see cref="ContainerInstance.Operations"/> serialises the operations asked of it.
/// </remarks>
internal sealed partial class ContainerDriver : IContainerDriver
{
    /// <summary>Everything the driver can do.</summary>
    public const DriverCapabilities AllCapabilities =
        DriverCapabilities.Pause | DriverCapabilities.GuestExec | DriverCapabilities.GuestFileWrite | DriverCapabilities.Reattach
        | DriverCapabilities.GracefulShutdown | DriverCapabilities.Reboot | DriverCapabilities.Resize | DriverCapabilities.RealTime;

    private static readonly ProcessCommandRunner _machine = new();
    private readonly ContainerDriverOptions _options;
    private readonly CgroupLayout _layout;
    private readonly BusyboxRootBuilder _roots;
    private readonly Sandbox.IdRangeAllocator _ids;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ContainerInstance> _instances = new(StringComparer.Ordinal);
    private readonly VmEventHub _events = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _exitWake = new(0);
    private readonly ProcessExitWatcher _exits;
    private readonly Task _monitor;
    private bool _disposed;

    public ContainerDriver(ContainerDriverOptions options, string stateDirectory, CgroupLayout layout, string rootCache, Sandbox.IdRangeAllocator ids)
    {
        _options = options;
        _ids = ids;
        _layout = layout;
        _roots = new BusyboxRootBuilder(rootCache, options.Processes);
        StateDirectory = stateDirectory;
        _exits = new ProcessExitWatcher(() => _exitWake.Release());
        _monitor = Task.Run(() => MonitorAsync(_stopping.Token));
    }

    public string Name => "container";

    public DriverCapabilities Capabilities => AllCapabilities;

    public string StateDirectory { get; }

    public int CgroupVersion => _layout.Version;

    private TimeProvider Time => _options.TimeProvider;

    public Task<string> EnsureBusyboxRootAsync(CancellationToken cancellationToken) => _roots.EnsureAsync(cancellationToken);

    public async Task RemoveAsync(string vmId, CancellationToken cancellationToken)
    {
        var vm = Get(vmId);
        await vm.Operations.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            lock (_gate)
            {
                VmStateMachine.Apply(vmId, vm.State, VmOperation.Remove);
                _instances.Remove(vmId);
                vm.State = VmState.Removed;
            }

            await vm.Cgroup.RemoveAsync(cancellationToken).ConfigureAwait(false);
            _ids.Release(vm.Run.Path, vm.Run.IdSlotFile);
            Sandbox.MountDirectory.Remove(vm.Run.MountDirectory);
            if (Directory.Exists(vm.Run.Path))
            {
                Directory.Delete(vm.Run.Path, recursive: true);
            }

            lock (_gate)
            {
                _events.Publish(new VmEvent(vmId, VmEventKind.Removed, Time.GetUtcNow()));
            }
        }
        finally
        {
            vm.Operations.Release();
        }
    }

    public Task<VmStatus> InspectAsync(string vmId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(StatusOf_NeedsLock(Find_NeedsLock(vmId)));
        }
    }

    public IAsyncEnumerable<VmEvent> WatchEventsAsync(CancellationToken cancellationToken) => _events.Watch(cancellationToken);

    /// <summary>Stops supervising; the instances keep running for the next driver to re-attach.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _monitor.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The monitor ends by cancellation.
        }

        _exits.Dispose();
        _exitWake.Dispose();
        _stopping.Dispose();
        _events.Dispose();
    }

    private static InvalidDefinitionException Invalid(VmDefinition definition, string code, string field, string message) =>
        new(definition.Id, [Diagnostic.Error(code, SourceLocation.OfFile("api"), $"vm[{definition.Name}].{field}", message)]);

    private ContainerRunDirectory RunDirectoryOf(VmDefinition definition) =>
        RunDirectoryAt(Path.GetFullPath(definition.RunDirectory ?? Path.Combine(StateDirectory, definition.Id)));

    private ContainerRunDirectory RunDirectoryAt(string path) => new(path, Sandbox.MountDirectory.Of(_options.MountDirectory, path));

    private InstanceCgroup CgroupOf(VmDefinition definition) => new(_layout, _options.CgroupParent, definition.Id);

    /// <summary>True when <paramref name="pid"/> is alive and in the instance's cgroup (a reused pid is not ours).</summary>
    private static bool IsOurs(ContainerInstance vm, int pid) => ProcFs.IsAlive(pid) && vm.Cgroup.Holds(ProcFs.Cgroups(pid));

    private ContainerInstance Get(string vmId)
    {
        lock (_gate)
        {
            return Find_NeedsLock(vmId);
        }
    }

    private ContainerInstance Find_NeedsLock(string vmId)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _instances.TryGetValue(vmId, out var vm) ? vm : throw new VmNotFoundException(vmId);
    }

    private static VmStatus StatusOf_NeedsLock(ContainerInstance vm) => new(
        vm.Id, vm.State, vm.Since, vm.InitPid, null, vm.GuestReady, null, vm.ExitReason);

    /// <summary>Moves the instance to <paramref name="state"/>, records it in the run directory and publishes <paramref name="kind"/>.</summary>
    private void Enter_NeedsLock(ContainerInstance vm, VmState state, VmEventKind? kind, VmExitReason? reason = null, string? detail = null)
    {
        var now = Time.GetUtcNow();
        vm.State = state;
        vm.Since = now;
        if (state is VmState.Stopped or VmState.Crashed)
        {
            vm.ExitReason = reason;
        }
        else if (state == VmState.Running)
        {
            vm.ExitReason = null;
        }

        Persist_NeedsLock(vm);
        if (kind is { } eventKind)
        {
            _events.Publish(new VmEvent(vm.Id, eventKind, now, reason, detail));
        }
    }

    private void Publish_NeedsLock(ContainerInstance vm, VmEventKind kind, string? detail = null) =>
        _events.Publish(new VmEvent(vm.Id, kind, Time.GetUtcNow(), Detail: detail));

    private static void Persist_NeedsLock(ContainerInstance vm)
    {
        if (vm.State == VmState.Removed || !Directory.Exists(vm.Run.Path))
        {
            return;
        }

        var reason = vm.ExitReason;
        ContainerRecord.WriteState(vm.Run.StateFile, new ContainerRecord.StateDocument(
            vm.State, vm.Since, vm.StartedAt, vm.Limits, reason?.Kind, reason?.Message, reason?.ExitCode, reason?.Signal));
    }
}

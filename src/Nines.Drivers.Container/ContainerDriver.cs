using Nines.Drivers.Container.Cgroups;
using Nines.Drivers.Container.Processes;
using Nines.Drivers.Container.Roots;
using Nines.Drivers.Core;
using Nines.Networking.Commands;

namespace Nines.Drivers.Container;

/// <summary>
/// Runs OS-level instances: a command in its own PID, mount, UTS, IPC and network namespaces, on an overlay root,
/// limited by its own cgroup, with veths on the host's Open vSwitch segments. Same state machine, errors and event
/// order as <see cref="Fake.FakeDriver"/>; instances outlive the driver (a detached launcher supervises each).
/// </summary>
/// <remarks>
/// Partial files by concern: define and validation, lifecycle, stopping, exec, KPIs and resize, supervision (exit
/// polling) and re-attach. The shared <see cref="DriverCore{TVm}"/> holds the instance table, the gate that guards
/// every instance's observed state, the state transitions and their events; each instance's
/// <see cref="DriverVm.Operations"/> serialises the operations asked of it.
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
    private readonly DriverCore<ContainerInstance> _core;
    private readonly Lock _gate;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _exitWake = new(0);
    private readonly ProcessExitWatcher _exits;
    private readonly Task _monitor;

    public ContainerDriver(ContainerDriverOptions options, string stateDirectory, CgroupLayout layout, string rootCache, Sandbox.IdRangeAllocator ids)
    {
        _options = options;
        _core = new DriverCore<ContainerInstance>(this, "container", AllCapabilities, options.TimeProvider, Persist_NeedsLock);
        _gate = _core.Gate;
        _ids = ids;
        _layout = layout;
        _roots = new BusyboxRootBuilder(rootCache, options.Processes);
        StateDirectory = stateDirectory;
        _exits = new ProcessExitWatcher(() => _exitWake.Release());
        _monitor = Task.Run(() => MonitorAsync(_stopping.Token));
    }

    public string Name => _core.Name;

    public DriverCapabilities Capabilities => _core.Capabilities;

    public string StateDirectory { get; }

    public int CgroupVersion => _layout.Version;

    private TimeProvider Time => _options.TimeProvider;

    public Task<string> EnsureBusyboxRootAsync(CancellationToken cancellationToken) => _roots.EnsureAsync(cancellationToken);

    public Task RemoveAsync(string vmId, CancellationToken cancellationToken) =>
        _core.RemoveAsync(vmId, DeleteInstanceAsync, cancellationToken);

    public Task<VmStatus> InspectAsync(string vmId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_core.Status(vmId));
    }

    public IAsyncEnumerable<VmEvent> WatchEventsAsync(CancellationToken cancellationToken) => _core.Watch(cancellationToken);

    /// <summary>Stops supervising; the instances keep running for the next driver to re-attach.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_core.TryClose(out _))
        {
            return;
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
        _core.CompleteClose();
    }

    /// <summary>Deletes what the driver made for a removed instance: its cgroup, id range, mount directory and run directory.</summary>
    private async Task DeleteInstanceAsync(ContainerInstance vm, CancellationToken cancellationToken)
    {
        await vm.Cgroup.RemoveAsync(cancellationToken).ConfigureAwait(false);
        _ids.Release(vm.Run.Path, vm.Run.IdSlotFile);
        Sandbox.MountDirectory.Remove(vm.Run.MountDirectory);
        if (Directory.Exists(vm.Run.Path))
        {
            Directory.Delete(vm.Run.Path, recursive: true);
        }
    }

    private ContainerRunDirectory RunDirectoryOf(VmDefinition definition) =>
        RunDirectoryAt(Path.GetFullPath(definition.RunDirectory ?? Path.Combine(StateDirectory, definition.Id)));

    private ContainerRunDirectory RunDirectoryAt(string path) => new(path, Sandbox.MountDirectory.Of(_options.MountDirectory, path));

    private InstanceCgroup CgroupOf(VmDefinition definition) => new(_layout, _options.CgroupParent, definition.Id, Time);

    /// <summary>True when <paramref name="pid"/> is alive and in the instance's cgroup (a reused pid is not ours).</summary>
    private static bool IsOurs(ContainerInstance vm, int pid) => ProcFs.IsAlive(pid) && vm.Cgroup.Holds(ProcFs.Cgroups(pid));

    private static void Persist_NeedsLock(ContainerInstance vm)
    {
        if (vm.State == VmState.Removed || !Directory.Exists(vm.Run.Path))
        {
            return;
        }

        var reason = vm.ExitReason;
        ContainerRecord.WriteState(vm.Run.StateFile, new ContainerRecord.ContainerRunRecordDocument(
            vm.State, vm.Since, vm.StartedAt, vm.Limits, reason?.Kind, reason?.Message, reason?.ExitCode, reason?.Signal));
    }
}

using Nines.Domain.Diagnostics;
using Nines.Drivers.Errors;
using Nines.Drivers.Qemu.Processes;
using Nines.Drivers.Validation;

namespace Nines.Drivers.Qemu;

/// <summary>
/// Runs VMs as daemonized QEMU processes, one run directory each under the state directory, driven over QMP and
/// the guest agent. Same state machine, errors and event order as <see cref="Fake.FakeDriver"/>.
/// </summary>
/// <remarks>
/// Partial files by concern: lifecycle, suspend/restore, shutdown, guest agent, KPIs, supervision (QMP events,
/// process end, heartbeat), re-attach and QoS (vCPU pinning and real-time class, resize). <see cref="_gate"/> guards every VM's observed state; each VM's
/// <see cref="QemuVm.Operations"/> serialises the operations asked of it.
/// </remarks>
internal sealed partial class QemuDriver : IQemuDriver
{
    /// <summary>Everything QEMU with the Nines guest image can do here.</summary>
    public const DriverCapabilities AllCapabilities =
        DriverCapabilities.Pause | DriverCapabilities.SuspendToDisk | DriverCapabilities.GuestAgent
        | DriverCapabilities.Watchdog | DriverCapabilities.Balloon | DriverCapabilities.Reattach
        | DriverCapabilities.GracefulShutdown | DriverCapabilities.Reboot | DriverCapabilities.Resize | DriverCapabilities.RealTime
        | DriverCapabilities.LiveMigration;

    /// <summary>A NIC attachment QEMU cannot be given (not user, none or tap:NAME).</summary>
    public const string BadAttachment = "NX7010";

    private readonly QemuDriverOptions _options;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, QemuVm> _vms = new(StringComparer.Ordinal);
    private readonly VmEventHub _events = new();
    private readonly SemaphoreSlim _bootLimiter;
    private bool _disposed;

    public QemuDriver(QemuDriverOptions options, string stateDirectory, AcceleratorVerdict accelerator)
    {
        _options = options;
        StateDirectory = stateDirectory;
        Accelerator = accelerator;
        _bootLimiter = new SemaphoreSlim(options.MaxConcurrentBoots, options.MaxConcurrentBoots);
    }

    public string Name => "qemu";

    public DriverCapabilities Capabilities => AllCapabilities;

    public AcceleratorVerdict Accelerator { get; }

    public string StateDirectory { get; }

    private TimeProvider Time => _options.TimeProvider;

    public Task<VmStatus> DefineAsync(VmDefinition definition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ThrowIfDisposed();
            if (_vms.TryGetValue(definition.Id, out var existing))
            {
                return existing.Definition == definition
                    ? Task.FromResult(StatusOf_NeedsLock(existing))
                    : throw Invalid(definition, VmDefinitionValidator.IdInUse, "id", $"vm id \"{definition.Id}\" is already defined with a different definition (remove it first)");
            }
        }

        var diagnostics = VmDefinitionValidator.Validate(definition, HostFactsProbe.FromSystem(_options.AllowedRoots ?? ["/"])).ToList();
        if (VmDefinitionValidator.IsSafeName(definition.Id))
        {
            CheckCommandLine(definition, diagnostics);
        }

        CheckRealTime(definition, diagnostics);

        if (diagnostics.Any(d => d.IsError))
        {
            throw new InvalidDefinitionException(definition.Id, [.. diagnostics]);
        }

        var run = RunDirectoryOf(definition);
        if (ProcFs.ReadPidFile(run.PidFile) is { } pid && IsOurQemu(pid, definition.Id))
        {
            throw Invalid(definition, VmDefinitionValidator.IdInUse, "id", $"vm \"{definition.Id}\" already runs as QEMU process {pid} (re-attach to it instead)");
        }

        Directory.CreateDirectory(run.Path);
        QemuVmRecord.WriteDefinition(run.DefinitionFile, definition);
        lock (_gate)
        {
            ThrowIfDisposed();
            if (_vms.TryGetValue(definition.Id, out var raced))
            {
                return Task.FromResult(StatusOf_NeedsLock(raced));
            }

            var vm = new QemuVm(definition, run, Time.GetUtcNow());
            _vms.Add(definition.Id, vm);
            Persist_NeedsLock(vm);
            return Task.FromResult(StatusOf_NeedsLock(vm));
        }
    }

    public async Task RemoveAsync(string vmId, CancellationToken cancellationToken)
    {
        var vm = Get(vmId);
        await vm.Operations.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            lock (_gate)
            {
                VmStateMachine.Apply(vmId, vm.State, VmOperation.Remove);
                _vms.Remove(vmId);
                vm.State = VmState.Removed;
            }

            DeleteRunDirectory(vm.Run);

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

    /// <summary>Releases connections and supervision; the QEMU processes keep running for the next driver to re-attach.</summary>
    public async ValueTask DisposeAsync()
    {
        List<QemuVm> vms;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            vms = [.. _vms.Values];
        }

        foreach (var vm in vms)
        {
            await DetachAsync(vm).ConfigureAwait(false);
        }

        _events.Dispose();
    }

    private static InvalidDefinitionException Invalid(VmDefinition definition, string code, string field, string message) =>
        new(definition.Id, [Diagnostic.Error(code, SourceLocation.OfFile("api"), $"vm[{definition.Name}].{field}", message)]);

    private static void CheckCommandLine(VmDefinition definition, List<Diagnostic> diagnostics)
    {
        foreach (var nic in definition.Nics)
        {
            try
            {
                QemuCommandLine.Build(definition with { Nics = [nic] }, "tcg", new QemuRunDirectory("/"));
            }
            catch (ArgumentException e)
            {
                diagnostics.Add(Diagnostic.Error(BadAttachment, SourceLocation.OfFile("api"), $"vm[{definition.Name}].nics[{nic.Id}].attachment", e.Message.Split(" (Parameter", 2)[0]));
            }
        }
    }

    /// <summary>True when <paramref name="pid"/> is a QEMU started for <paramref name="vmId"/> (a reused pid is not).</summary>
    private static bool IsOurQemu(int pid, string vmId)
    {
        var arguments = ProcFs.ReadCommandLine(pid);
        var name = QemuCommandLine.NameArgument(vmId);
        for (var i = 0; i + 1 < arguments.Count; i++)
        {
            if (arguments[i] == "-name" && arguments[i + 1] == name)
            {
                return ProcFs.IsAlive(pid);
            }
        }

        return false;
    }

    /// <summary>Deletes the run directory; the end of a process may be removing its <c>qemu/</c> part at the same moment.</summary>
    private static void DeleteRunDirectory(QemuRunDirectory run)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                Directory.Delete(run.Path, recursive: true);
                return;
            }
            catch (DirectoryNotFoundException) when (attempt < 3 && Directory.Exists(run.Path))
            {
                // An entry vanished under the recursive delete: go again over what is left.
            }
            catch (DirectoryNotFoundException) when (!Directory.Exists(run.Path))
            {
                return;
            }
        }
    }

    private QemuRunDirectory RunDirectoryOf(VmDefinition definition) =>
        new(definition.RunDirectory ?? Path.Combine(StateDirectory, definition.Id));

    private QemuVm Get(string vmId)
    {
        lock (_gate)
        {
            return Find_NeedsLock(vmId);
        }
    }

    private QemuVm Find_NeedsLock(string vmId)
    {
        ThrowIfDisposed();
        return _vms.TryGetValue(vmId, out var vm) ? vm : throw new VmNotFoundException(vmId);
    }

    private VmStatus StatusOf_NeedsLock(QemuVm vm) => new(
        vm.Id,
        vm.State,
        vm.Since,
        vm.Pid,
        vm.Pid is null ? null : vm.Accelerator,
        vm.GuestReady,
        vm.LastHeartbeat,
        vm.ExitReason);

    /// <summary>Moves the VM to <paramref name="state"/>, records it in the run directory and publishes <paramref name="kind"/>.</summary>
    private void Enter_NeedsLock(QemuVm vm, VmState state, VmEventKind? kind, VmExitReason? reason = null, string? detail = null)
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

    private void Publish_NeedsLock(QemuVm vm, VmEventKind kind, string? detail = null) =>
        _events.Publish(new VmEvent(vm.Id, kind, Time.GetUtcNow(), Detail: detail));

    private void Persist_NeedsLock(QemuVm vm)
    {
        if (vm.State == VmState.Removed || !Directory.Exists(vm.Run.Path))
        {
            return;
        }

        var reason = vm.ExitReason;
        QemuVmRecord.WriteState(vm.Run.StateFile, new QemuVmRecord.StateDocument(
            vm.State, vm.Since, vm.Accelerator, vm.State == VmState.Suspended ? vm.GuestReadyAtSuspend : vm.GuestReady, vm.SuspendedTo,
            reason?.Kind, reason?.Message, reason?.ExitCode, reason?.Signal));
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    private void Require(DriverCapabilities capability, string vmId)
    {
        if (!Capabilities.HasFlag(capability))
        {
            throw new UnsupportedOperationException(Name, capability, vmId);
        }
    }
}

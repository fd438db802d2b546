using Nines.Domain.Diagnostics;
using Nines.Drivers.Core;
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
/// process end, heartbeat), re-attach and QoS (vCPU pinning and real-time class, resize). The shared
/// <see cref="DriverCore{TVm}"/> holds the VM table, the gate that guards every VM's observed state, the state
/// transitions and their events; each VM's <see cref="DriverVm.Operations"/> serialises the operations asked of it.
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
    private readonly DriverCore<QemuVm> _core;
    private readonly Lock _gate;
    private readonly SemaphoreSlim _bootLimiter;

    public QemuDriver(QemuDriverOptions options, string stateDirectory, AcceleratorVerdict accelerator)
    {
        _options = options;
        _core = new DriverCore<QemuVm>(this, "qemu", AllCapabilities, options.TimeProvider, Persist_NeedsLock);
        _gate = _core.Gate;
        StateDirectory = stateDirectory;
        Accelerator = accelerator;
        _bootLimiter = new SemaphoreSlim(options.MaxConcurrentBoots, options.MaxConcurrentBoots);
    }

    public string Name => _core.Name;

    public DriverCapabilities Capabilities => _core.Capabilities;

    public AcceleratorVerdict Accelerator { get; }

    public string StateDirectory { get; }

    private TimeProvider Time => _options.TimeProvider;

    public Task<VmStatus> DefineAsync(VmDefinition definition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (_core.ExistingStatus_NeedsLock(definition) is { } existing)
            {
                return Task.FromResult(existing);
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
            throw DriverCore<QemuVm>.Invalid(definition, VmDefinitionValidator.IdInUse, "id", $"vm \"{definition.Id}\" already runs as QEMU process {pid} (re-attach to it instead)");
        }

        Directory.CreateDirectory(run.Path);
        QemuVmRecord.WriteDefinition(run.DefinitionFile, definition);
        lock (_gate)
        {
            if (_core.TryFind_NeedsLock(definition.Id, out var raced))
            {
                return Task.FromResult(raced.ToStatus());
            }

            var vm = new QemuVm(definition, run, Time.GetUtcNow());
            _core.Track_NeedsLock(vm);
            Persist_NeedsLock(vm);
            return Task.FromResult(vm.ToStatus());
        }
    }

    public Task RemoveAsync(string vmId, CancellationToken cancellationToken) =>
        _core.RemoveAsync(vmId, (vm, _) => { DeleteRunDirectory(vm.Run); return Task.CompletedTask; }, cancellationToken);

    public Task<VmStatus> InspectAsync(string vmId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_core.Status(vmId));
    }

    public IAsyncEnumerable<VmEvent> WatchEventsAsync(CancellationToken cancellationToken) => _core.Watch(cancellationToken);

    /// <summary>Releases connections and supervision; the QEMU processes keep running for the next driver to re-attach.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_core.TryClose(out var vms))
        {
            return;
        }

        foreach (var vm in vms)
        {
            await DetachAsync(vm).ConfigureAwait(false);
        }

        _core.CompleteClose();
    }

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

    private void Persist_NeedsLock(QemuVm vm)
    {
        if (vm.State == VmState.Removed || !Directory.Exists(vm.Run.Path))
        {
            return;
        }

        var reason = vm.ExitReason;
        QemuVmRecord.WriteState(vm.Run.StateFile, new QemuVmRecord.QemuRunRecordDocument(
            vm.State, vm.Since, vm.Accelerator, vm.State == VmState.Suspended ? vm.GuestReadyAtSuspend : vm.GuestReady, vm.SuspendedTo,
            reason?.Kind, reason?.Message, reason?.ExitCode, reason?.Signal));
    }
}

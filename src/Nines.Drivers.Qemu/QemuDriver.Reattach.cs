using System.Net.Sockets;
using Nines.Drivers.Qemu.GuestAgent;
using Nines.Drivers.Qemu.Processes;
using Nines.Drivers.Qemu.Qmp;

namespace Nines.Drivers.Qemu;

/// <summary>
/// Re-attach: a new manager process finds the run directories under the state directory, takes over each QEMU
/// that still runs (pid file, and the process's arguments name the VM), and records the rest as they were left —
/// a VM recorded running whose process is gone crashed while nobody watched. Nothing is ever launched here.
/// </summary>
internal sealed partial class QemuDriver
{
    public async Task<IReadOnlyList<VmStatus>> ReattachAsync(CancellationToken cancellationToken)
    {
        Require(DriverCapabilities.Reattach, "*");
        var found = new List<QemuVm>();
        foreach (var directory in Directory.EnumerateDirectories(StateDirectory).Order(StringComparer.Ordinal))
        {
            var run = QemuRunDirectory.Discover(directory);
            if (QemuVmRecord.ReadDefinition(run.DefinitionFile) is not { } definition)
            {
                continue;
            }

            lock (_gate)
            {
                ThrowIfDisposed();
                if (_vms.TryGetValue(definition.Id, out var known))
                {
                    found.Add(known);
                    continue;
                }
            }

            found.Add(await TakeOverAsync(definition, run, cancellationToken).ConfigureAwait(false));
        }

        lock (_gate)
        {
            return [.. found.Select(StatusOf_NeedsLock)];
        }
    }

    private async Task<QemuVm> TakeOverAsync(VmDefinition definition, QemuRunDirectory run, CancellationToken cancellationToken)
    {
        var recorded = QemuVmRecord.ReadState(run.StateFile);
        var vm = new QemuVm(definition, run, recorded?.Since ?? Time.GetUtcNow())
        {
            State = recorded?.State ?? VmState.Defined,
            Accelerator = recorded?.Accelerator,
            SuspendedTo = recorded?.SuspendedTo,
            GuestReadyAtSuspend = recorded?.GuestReady ?? false,
            ExitReason = recorded?.ExitKind is { } kind ? new VmExitReason(kind, recorded.ExitMessage ?? "", recorded.ExitCode, recorded.ExitSignal) : null,
        };
        var pid = ProcFs.ReadPidFile(run.PidFile);
        if (pid is { } live && IsOurQemu(live, definition.Id) && await ConnectAsync(vm, live, cancellationToken).ConfigureAwait(false))
        {
            lock (_gate)
            {
                ThrowIfDisposed();
                _vms[definition.Id] = vm;
                StartMonitor_NeedsLock(vm);
                Persist_NeedsLock(vm);
            }

            return vm;
        }

        lock (_gate)
        {
            ThrowIfDisposed();
            _vms[definition.Id] = vm;
            if (vm.State is VmState.Running or VmState.Paused)
            {
                var observed = pid is { } dead ? ProcFs.ReadStat(dead)?.ExitReason : null;
                var reason = observed is null
                    ? new VmExitReason(VmExitKind.Killed, "the QEMU process ended while no manager watched it")
                    : observed with { Message = $"{observed.Message} while no manager watched it" };
                Enter_NeedsLock(vm, VmState.Crashed, VmEventKind.Crashed, reason);
            }
        }

        run.DeleteRuntimeFiles();
        return vm;
    }

    /// <summary>Connects to a running QEMU and reads its run state; false when its sockets do not answer.</summary>
    private async Task<bool> ConnectAsync(QemuVm vm, int pid, CancellationToken cancellationToken)
    {
        QmpClient? qmp = null;
        GuestAgentClient? agent = null;
        try
        {
            qmp = await QmpClient.ConnectAsync(vm.Run.QmpSocket, new QmpClientOptions { TimeProvider = Time }, cancellationToken).ConfigureAwait(false);
            var status = await qmp.QueryStatusAsync(cancellationToken).ConfigureAwait(false);
            if (vm.Definition.GuestAgent)
            {
                agent = await GuestAgentClient.ConnectAsync(vm.Run.AgentSocket, AgentOptions, cancellationToken).ConfigureAwait(false);
            }

            var now = Time.GetUtcNow();
            vm.Pid = pid;
            vm.Qmp = qmp;
            vm.Agent = agent;
            vm.Accelerator ??= Accelerator.Accelerator;
            vm.GuestReady = vm.GuestReadyAtSuspend;
            vm.RunningSince = now;
            var state = status.Running ? VmState.Running : VmState.Paused;
            if (vm.State != state)
            {
                vm.State = state;
                vm.Since = now;
            }

            return true;
        }
        catch (Exception e) when (e is QmpConnectionBrokenException or QmpTimeoutException or SocketException or GuestAgentTimeoutException or QmpCommandException)
        {
            await DisposeClientsAsync(qmp, agent).ConfigureAwait(false);
            return false;
        }
    }
}

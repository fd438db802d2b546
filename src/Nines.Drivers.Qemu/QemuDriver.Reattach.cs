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
        _core.Require(DriverCapabilities.Reattach, "*");
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
                if (_core.TryFind_NeedsLock(definition.Id, out var known))
                {
                    found.Add(known);
                    continue;
                }
            }

            found.Add(await TakeOverAsync(definition, run, cancellationToken).ConfigureAwait(false));
        }

        lock (_gate)
        {
            return [.. found.Select(vm => vm.ToStatus())];
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
        var adopted = pid is { } live && IsOurQemu(live, definition.Id) && await ConnectAsync(vm, live, cancellationToken).ConfigureAwait(false);

        // Every other QEMU of this run directory goes: one launched by a manager that died before QEMU wrote its pid
        // file, or one whose sockets do not answer. Left alone, it runs on unmanaged while the VM is started again:
        // two copies of one VM (the chaos soak's QEMU run found them under load).
        var killed = await KillStraysAsync(definition.Id, run, adopted ? pid : null, Time).ConfigureAwait(false);
        if (adopted)
        {
            lock (_gate)
            {
                _core.Track_NeedsLock(vm);
                StartMonitor_NeedsLock(vm);
                Persist_NeedsLock(vm);
            }

            return vm;
        }

        lock (_gate)
        {
            _core.Track_NeedsLock(vm);
            if (vm.State is VmState.Running or VmState.Paused)
            {
                var observed = pid is { } dead ? ProcFs.ReadStat(dead)?.ExitReason : null;
                var reason = killed.Count > 0
                    ? new VmExitReason(VmExitKind.Killed, $"its QEMU ({string.Join(", ", killed.Select(p => $"pid {p}"))}) did not answer a new manager and was killed")
                    : observed is null
                        ? new VmExitReason(VmExitKind.Killed, "the QEMU process ended while no manager watched it")
                        : observed with { Message = $"{observed.Message} while no manager watched it" };
                _core.Enter_NeedsLock(vm, VmState.Crashed, VmEventKind.Crashed, reason);
            }
        }

        run.DeleteRuntimeFiles();
        return vm;
    }

    /// <summary>
    /// SIGKILLs every live process whose arguments name <paramref name="vmId"/> and <paramref name="run"/>'s QMP socket,
    /// except <paramref name="keep"/>, and waits until each is gone (the socket path tells this host's QEMU from another
    /// host's copy of the same VM on the same machine, as during a migration between namespace hosts).
    /// </summary>
    private static async Task<IReadOnlyList<int>> KillStraysAsync(string vmId, QemuRunDirectory run, int? keep, TimeProvider time)
    {
        var strays = ProcFs.ProcessIds().Where(p => p != keep && IsQemuOf(p, vmId, run)).ToList();
        foreach (var stray in strays)
        {
            ProcessSignals.Kill(stray);
        }

        var started = time.GetTimestamp();
        while (strays.Any(ProcFs.IsAlive) && time.GetElapsedTime(started) < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), time, CancellationToken.None).ConfigureAwait(false);
        }

        return strays;
    }

    private static bool IsQemuOf(int pid, string vmId, QemuRunDirectory run)
    {
        var arguments = ProcFs.ReadCommandLine(pid);
        var name = QemuCommandLine.NameArgument(vmId);
        var named = false;
        for (var i = 0; i + 1 < arguments.Count && !named; i++)
        {
            named = arguments[i] == "-name" && arguments[i + 1] == name;
        }

        return named && arguments.Any(a => a.Contains(run.QmpSocket, StringComparison.Ordinal)) && ProcFs.IsAlive(pid);
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

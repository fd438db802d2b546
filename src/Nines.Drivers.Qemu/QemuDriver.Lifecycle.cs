using System.Text.Json.Nodes;
using Nines.Drivers.Errors;
using Nines.Drivers.Qemu.GuestAgent;
using Nines.Drivers.Qemu.Monitoring;
using Nines.Drivers.Qemu.Processes;
using Nines.Drivers.Qemu.Qmp;

namespace Nines.Drivers.Qemu;

/// <summary>Start, pause, resume, destroy, reboot, and launching and stopping the QEMU process.</summary>
internal sealed partial class QemuDriver
{
    private static readonly TimeSpan _quitTimeout = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan _exitWait = TimeSpan.FromSeconds(10);

    public async Task<VmStatus> StartAsync(string vmId, CancellationToken cancellationToken)
    {
        using var lease = await _core.BeginOperationAsync(vmId, cancellationToken).ConfigureAwait(false);
        var vm = lease.Vm;
        lock (_gate)
        {
            vm.CheckAllowed_NeedsLock(VmOperation.Start);
        }

        // The slot is held until the guest is ready (or the boot times out): starved guests panic.
        await _bootLimiter.WaitAsync(cancellationToken).ConfigureAwait(false);
        var slot = new BootSlot(_bootLimiter);
        try
        {
            await LaunchAsync(vm, incoming: false, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            slot.Release();
            throw;
        }

        lock (_gate)
        {
            vm.BootSlot = slot;
            vm.GuestReady = false;
            vm.HeartbeatLost = false;
            vm.LastHeartbeat = null;
            vm.RunningSince = Time.GetUtcNow();
            _core.Enter_NeedsLock(vm, VmState.Running, VmEventKind.Started);
            StartMonitor_NeedsLock(vm);
            return vm.ToStatus();
        }
    }

    public Task<VmStatus> PauseAsync(string vmId, CancellationToken cancellationToken) =>
        FreezeOrThawAsync(vmId, VmOperation.Pause, cancellationToken);

    public Task<VmStatus> ResumeAsync(string vmId, CancellationToken cancellationToken) =>
        FreezeOrThawAsync(vmId, VmOperation.Resume, cancellationToken);

    public async Task<VmStatus> DestroyAsync(string vmId, CancellationToken cancellationToken)
    {
        using var lease = await _core.BeginOperationAsync(vmId, cancellationToken).ConfigureAwait(false);
        var vm = lease.Vm;
        lock (_gate)
        {
            vm.CheckAllowed_NeedsLock(VmOperation.Destroy);
            if (vm.Pid is null)
            {
                if (vm.State == VmState.Suspended)
                {
                    // Destroy discards the saved memory: the VM can only start afresh.
                    File.Delete(vm.SuspendedTo!);
                    vm.SuspendedTo = null;
                    _core.Enter_NeedsLock(vm, VmState.Stopped, VmEventKind.Stopped, new VmExitReason(VmExitKind.Destroyed, "saved state discarded"));
                }

                return vm.ToStatus();
            }

            vm.ExpectedBy = VmOperation.Destroy;
        }

        await ForceStopAsync(vm, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            vm.ExpectedBy = null;
            _core.Enter_NeedsLock(vm, VmState.Stopped, VmEventKind.Stopped, new VmExitReason(VmExitKind.Destroyed, "destroyed"));
            return vm.ToStatus();
        }
    }

    public async Task<VmStatus> RebootAsync(string vmId, CancellationToken cancellationToken)
    {
        _core.Require(DriverCapabilities.Reboot, vmId);
        using var lease = await _core.BeginOperationAsync(vmId, cancellationToken).ConfigureAwait(false);
        var vm = lease.Vm;
        QmpClient qmp;
        TaskCompletionSource reset;
        lock (_gate)
        {
            vm.CheckAllowed_NeedsLock(VmOperation.Reboot);
            qmp = vm.Qmp!;
            reset = vm.RebootReset = QemuVm.NewSignal();
        }

        // A hard reset, not guest-shutdown reboot: it works on a hung guest, and the RESET event says when it happened.
        await Qmp(vm, () => qmp.SystemResetAsync(cancellationToken)).ConfigureAwait(false);
        await reset.Task.WaitAsync(_exitWait, Time, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            return vm.ToStatus();
        }
    }

    private async Task<VmStatus> FreezeOrThawAsync(string vmId, VmOperation operation, CancellationToken cancellationToken)
    {
        _core.Require(DriverCapabilities.Pause, vmId);
        using var lease = await _core.BeginOperationAsync(vmId, cancellationToken).ConfigureAwait(false);
        var vm = lease.Vm;
        QmpClient qmp;
        lock (_gate)
        {
            vm.CheckAllowed_NeedsLock(operation);
            qmp = vm.Qmp!;
        }

        await Qmp(vm, () => operation == VmOperation.Pause ? qmp.StopAsync(cancellationToken) : qmp.ContinueAsync(cancellationToken)).ConfigureAwait(false);
        lock (_gate)
        {
            // The monitor may have applied the STOP/RESUME event already; either way the event is published once.
            ObserveRunState_NeedsLock(vm, running: operation == VmOperation.Resume);
            return vm.ToStatus();
        }
    }

    private GuestAgentClientOptions AgentOptions => new()
    {
        SyncTimeout = _options.HeartbeatPeriod,
        TimeProvider = Time,
    };

    /// <summary>Balloon statistics are only refreshed when polling is on; without them guest memory has no free figure.</summary>
    private static async Task EnableBalloonStatisticsAsync(QmpClient qmp, CancellationToken cancellationToken)
    {
        await qmp.ExecuteAsync("qom-set", new JsonObject
        {
            ["path"] = $"/machine/peripheral/{QemuCommandLine.BalloonId}",
            ["property"] = "guest-stats-polling-interval",
            ["value"] = 1,
        }, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Ends the process now: <c>quit</c> over QMP, SIGKILL when QEMU does not answer; waits until it is gone.</summary>
    private async Task ForceStopAsync(QemuVm vm, CancellationToken cancellationToken)
    {
        QmpClient? qmp;
        int? pid;
        Task ended;
        lock (_gate)
        {
            qmp = vm.Qmp;
            pid = vm.Pid;
            ended = vm.ProcessEnded.Task;
        }

        if (pid is null)
        {
            return;
        }

        try
        {
            using var quitTimeout = new CancellationTokenSource(_quitTimeout, Time);
            using var quit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, quitTimeout.Token);
            if (qmp is not null)
            {
                await qmp.QuitAsync(quit.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is QmpTimeoutException or QmpConnectionBrokenException or QmpCommandException
            || e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // QEMU does not answer (hung, stopped by a signal): kill it.
        }

        if (!await WaitForEndAsync(ended, _quitTimeout, cancellationToken).ConfigureAwait(false))
        {
            ProcessSignals.Kill(pid.Value);
            if (!await WaitForEndAsync(ended, _exitWait, cancellationToken).ConfigureAwait(false))
            {
                throw new DriverFailureException(vm.Id, $"QEMU process {pid} of vm \"{vm.Id}\" did not end after SIGKILL");
            }
        }
    }

    private async Task<bool> WaitForEndAsync(Task ended, TimeSpan limit, CancellationToken cancellationToken)
    {
        try
        {
            await ended.WaitAsync(limit, Time, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Runs a QMP command of an operation; a broken or silent monitor is the driver's failure, not the caller's.</summary>
    private static async Task Qmp(QemuVm vm, Func<Task> command)
    {
        try
        {
            await command().ConfigureAwait(false);
        }
        catch (Exception e) when (e is QmpCommandException or QmpConnectionBrokenException)
        {
            throw new DriverFailureException(vm.Id, $"vm \"{vm.Id}\": {e.Message}", e);
        }
        catch (QmpTimeoutException e)
        {
            throw new DriverTimeoutException(vm.Id, $"QMP command \"{e.Command}\"", e.Timeout);
        }
    }

    private void StartMonitor_NeedsLock(QemuVm vm)
    {
        var monitor = new QemuVmMonitor(this, vm, vm.Qmp!, _options.HeartbeatPeriod, Time);
        vm.Monitor = monitor;
        monitor.Start();
    }

    /// <summary>Stops supervising <paramref name="vm"/> and closes its connections, leaving the process running.</summary>
    private async Task DetachAsync(QemuVm vm)
    {
        QemuVmMonitor? monitor;
        lock (_gate)
        {
            monitor = vm.Monitor;
            vm.Monitor = null;
        }

        if (monitor is not null)
        {
            await monitor.StopAsync().ConfigureAwait(false);
        }

        vm.BootSlot?.Release();
        await DisposeClientsAsync(vm.Qmp, vm.Agent).ConfigureAwait(false);
    }

    private static async Task DisposeClientsAsync(QmpClient? qmp, GuestAgentClient? agent)
    {
        if (agent is not null)
        {
            await agent.DisposeAsync().ConfigureAwait(false);
        }

        if (qmp is not null)
        {
            await qmp.DisposeAsync().ConfigureAwait(false);
        }
    }
}

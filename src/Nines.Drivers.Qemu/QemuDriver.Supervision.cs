using Nines.Drivers.Qemu.GuestAgent;
using Nines.Drivers.Qemu.Processes;
using Nines.Drivers.Qemu.Qmp;

namespace Nines.Drivers.Qemu;

/// <summary>
/// What the monitors observe, turned into state and events: QMP events and the end of the QMP connection (a process
/// end nobody asked for is a crash). The boot watch and the guest-agent heartbeat: <c>QemuDriver.GuestWatch.cs</c>.
/// </summary>
internal sealed partial class QemuDriver
{
    private static readonly TimeSpan _exitSettle = TimeSpan.FromSeconds(1);

    internal void OnQmpEvent(QemuVm vm, QmpEvent qmpEvent)
    {
        lock (_gate)
        {
            switch (qmpEvent.Name)
            {
                case QmpEventNames.Stop when vm.ExpectedBy is null:
                    ObserveRunState_NeedsLock(vm, running: false);
                    break;
                case QmpEventNames.Resume when vm.ExpectedBy is null:
                    ObserveRunState_NeedsLock(vm, running: true);
                    break;
                case QmpEventNames.Reset when vm.ExpectedBy is null:
                    vm.ResetsSinceIncoming++;
                    var detail = vm.RebootReset is not null ? "reboot" : vm.Clues.WatchdogAction == "reset" ? "watchdog" : qmpEvent.GetDataString("reason") ?? "reset";
                    vm.Clues = vm.Clues with { WatchdogAction = null };
                    vm.GuestReady = false;
                    vm.RunningSince = Time.GetUtcNow();
                    _core.Publish_NeedsLock(vm, VmEventKind.Reset, detail);
                    vm.RebootReset?.TrySetResult();
                    vm.RebootReset = null;
                    break;
                case QmpEventNames.Shutdown:
                    var guest = qmpEvent.Data.ValueKind == System.Text.Json.JsonValueKind.Object
                        && qmpEvent.Data.TryGetProperty("guest", out var g) && g.ValueKind == System.Text.Json.JsonValueKind.True;
                    var reason = qmpEvent.GetDataString("reason");
                    vm.Clues = vm.Clues with { ShutdownSeen = true, GuestInitiated = guest, ShutdownReason = reason, Panicked = vm.Clues.Panicked || reason == "guest-panic" };
                    break;
                case QmpEventNames.Watchdog:
                    var action = qmpEvent.GetDataString("action") ?? "unknown";
                    vm.Clues = vm.Clues with { WatchdogAction = action };
                    _core.Publish_NeedsLock(vm, VmEventKind.WatchdogFired, action);
                    break;
                case QmpEventNames.GuestPanicked when !vm.Clues.Panicked:
                    vm.Clues = vm.Clues with { Panicked = true };
                    _core.Publish_NeedsLock(vm, VmEventKind.GuestPanicked);
                    break;
            }
        }
    }

    /// <summary>Applies a STOP or RESUME (observed or asked for) once: whoever sees it first publishes it.</summary>
    private void ObserveRunState_NeedsLock(QemuVm vm, bool running)
    {
        if (running && vm.State == VmState.Paused)
        {
            vm.RunningSince = Time.GetUtcNow();
            _core.Enter_NeedsLock(vm, VmState.Running, VmEventKind.Resumed);
        }
        else if (!running && vm.State == VmState.Running)
        {
            _core.Enter_NeedsLock(vm, VmState.Paused, VmEventKind.Paused, detail: vm.Clues.WatchdogAction == "pause" ? "watchdog" : null);
        }
    }

    /// <summary>
    /// QEMU closed its QMP socket: the process is ending. An operation that ended it (suspend, shutdown, destroy)
    /// decides the state itself; otherwise a guest power-off is Stopped and anything else Crashed, with the exit
    /// status read from the zombie's <c>/proc</c> entry when the process is not reaped yet.
    /// </summary>
    internal async Task OnConnectionEndedAsync(QemuVm vm, QmpClient qmp)
    {
        int? pid;
        lock (_gate)
        {
            pid = vm.Pid;
        }

        var stat = pid is { } p ? await WaitForProcessEndAsync(p).ConfigureAwait(false) : null;

        // Before the end is published: whoever reacts to it (a restart) must find a clean run directory, not lose its new one.
        vm.Run.DeleteRuntimeFiles();
        GuestAgentClient? agent;
        lock (_gate)
        {
            agent = vm.Agent;
            vm.Agent = null;
            vm.Qmp = null;
            vm.Pid = null;
            vm.Monitor = null;
            vm.GuestReady = false;
            vm.BootSlot?.Release();
            vm.BootSlot = null;
            vm.RebootReset?.TrySetResult();
            vm.RebootReset = null;
            if (vm.ExpectedBy is null && vm.State is VmState.Running or VmState.Paused or VmState.Incoming)
            {
                var (state, reason) = ExplainExit(vm.Clues, stat, qmp.BrokenReason);
                _core.Enter_NeedsLock(vm, state, state == VmState.Crashed ? VmEventKind.Crashed : VmEventKind.Stopped, reason);
            }
        }

        if (agent is not null)
        {
            await agent.DisposeAsync().ConfigureAwait(false);
        }

        await qmp.DisposeAsync().ConfigureAwait(false);
        vm.ProcessEnded.TrySetResult();
    }

    private static (VmState State, VmExitReason Reason) ExplainExit(ExitClues clues, ProcStat? stat, string? brokenReason)
    {
        if (clues.Panicked)
        {
            return (VmState.Crashed, new VmExitReason(VmExitKind.GuestPanicked, "guest kernel panicked"));
        }

        if (clues.WatchdogAction is "poweroff" or "shutdown")
        {
            return (VmState.Crashed, new VmExitReason(VmExitKind.Watchdog, $"watchdog fired (action {clues.WatchdogAction})"));
        }

        if (clues.ShutdownSeen && clues.GuestInitiated)
        {
            return (VmState.Stopped, new VmExitReason(VmExitKind.GuestShutdown, "the guest powered off"));
        }

        if (clues.ShutdownSeen && clues.ShutdownReason == "host-qmp-quit")
        {
            return (VmState.Stopped, new VmExitReason(VmExitKind.Destroyed, "quit over QMP by another client"));
        }

        var observed = stat?.ExitReason;
        var how = clues.ShutdownSeen ? $"QEMU shut down ({clues.ShutdownReason})" : $"the QEMU process ended without a shutdown ({brokenReason})";
        return (VmState.Crashed, observed is null
            ? new VmExitReason(VmExitKind.Killed, $"{how}; its exit status is not observable (already reaped)")
            : observed with { Message = $"{observed.Message}: {how}" });
    }

    /// <summary>Waits briefly for the process to be gone or a zombie (the socket closes just before the exit); its last stat.</summary>
    private async Task<ProcStat?> WaitForProcessEndAsync(int pid)
    {
        var started = Time.GetTimestamp();
        while (true)
        {
            var stat = ProcFs.ReadStat(pid);
            if (stat is null or { IsZombie: true } || Time.GetElapsedTime(started) > _exitSettle)
            {
                if (stat is { IsZombie: false })
                {
                    // The QMP socket closed but QEMU lives on unsupervised: end it, so nothing runs unmanaged.
                    ProcessSignals.Kill(pid);
                    await Task.Delay(TimeSpan.FromMilliseconds(50), Time).ConfigureAwait(false);
                    return ProcFs.ReadStat(pid);
                }

                return stat;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(5), Time).ConfigureAwait(false);
        }
    }
}

using Nines.Drivers.Qemu.GuestAgent;
using Nines.Drivers.Qemu.Processes;
using Nines.Drivers.Qemu.Qmp;

namespace Nines.Drivers.Qemu;

/// <summary>
/// What the monitors observe, turned into state and events: QMP events, the end of the QMP connection (a process
/// end nobody asked for is a crash), and the guest-agent heartbeat.
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
                    Publish_NeedsLock(vm, VmEventKind.Reset, detail);
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
                    Publish_NeedsLock(vm, VmEventKind.WatchdogFired, action);
                    break;
                case QmpEventNames.GuestPanicked when !vm.Clues.Panicked:
                    vm.Clues = vm.Clues with { Panicked = true };
                    Publish_NeedsLock(vm, VmEventKind.GuestPanicked);
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
            Enter_NeedsLock(vm, VmState.Running, VmEventKind.Resumed);
        }
        else if (!running && vm.State == VmState.Running)
        {
            Enter_NeedsLock(vm, VmState.Paused, VmEventKind.Paused, detail: vm.Clues.WatchdogAction == "pause" ? "watchdog" : null);
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
                Enter_NeedsLock(vm, state, state == VmState.Crashed ? VmEventKind.Crashed : VmEventKind.Stopped, reason);
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

    /// <summary>
    /// Until the guest is ready: looks for the image's ready marker on the serial console every 50 ms and pings the
    /// agent the moment it appears, so readiness is not rounded up to the heartbeat period (a second, under TCG
    /// nearly half a boot). A guest that never prints the marker (a disk image) is still found by a ping every
    /// heartbeat period. Returns once the guest is ready, or no longer running, or has no agent to wait for.
    /// </summary>
    internal async Task WatchBootAsync(QemuVm vm, CancellationToken cancellationToken)
    {
        if (!vm.Definition.GuestAgent)
        {
            return;
        }

        var lastPing = Time.GetTimestamp();
        while (true)
        {
            lock (_gate)
            {
                if (vm.GuestReady || vm.State != VmState.Running)
                {
                    return;
                }
            }

            if (ConsoleShowsReady(vm.Run.ConsoleLog) || Time.GetElapsedTime(lastPing) >= _options.HeartbeatPeriod)
            {
                await HeartbeatAsync(vm, cancellationToken).ConfigureAwait(false);
                lastPing = Time.GetTimestamp();
            }

            await Task.Delay(_bootWatchInterval, Time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// One heartbeat: ping the agent of a running guest. Its first answer since boot is <see cref="VmEventKind.GuestReady"/>
    /// (and frees the boot slot); silence past <see cref="QemuDriverOptions.HeartbeatMax"/> of a ready guest is
    /// <see cref="VmEventKind.HeartbeatLost"/>. Paused guests and guests being suspended or stopped are not pinged.
    /// </summary>
    internal async Task HeartbeatAsync(QemuVm vm, CancellationToken cancellationToken)
    {
        GuestAgentClient? agent;
        lock (_gate)
        {
            if (vm.State != VmState.Running || vm.ExpectedBy is not null)
            {
                return;
            }

            ReleaseBootSlotWhenDue_NeedsLock(vm);
            agent = vm.Agent;
        }

        if (agent is null)
        {
            return;
        }

        bool answered;
        try
        {
            await agent.PingAsync(_options.HeartbeatPeriod, cancellationToken).ConfigureAwait(false);
            answered = true;
        }
        catch (Exception e) when (e is GuestAgentTimeoutException or GuestAgentProtocolException or GuestAgentConnectionBrokenException or GuestAgentCommandException)
        {
            answered = false;
        }

        lock (_gate)
        {
            if (vm.State != VmState.Running || vm.ExpectedBy is not null || !ReferenceEquals(agent, vm.Agent))
            {
                return;
            }

            var now = Time.GetUtcNow();
            if (answered)
            {
                vm.LastHeartbeat = now;
                if (!vm.GuestReady)
                {
                    vm.GuestReady = true;
                    Persist_NeedsLock(vm);
                    Publish_NeedsLock(vm, VmEventKind.GuestReady);
                    vm.BootSlot?.Release();
                    vm.BootSlot = null;
                }

                if (vm.HeartbeatLost)
                {
                    vm.HeartbeatLost = false;
                    Publish_NeedsLock(vm, VmEventKind.HeartbeatRestored);
                }

                return;
            }

            var silentSince = vm.LastHeartbeat is { } last && last > vm.RunningSince ? last : vm.RunningSince;
            if (vm.GuestReady && !vm.HeartbeatLost && now - silentSince >= _options.HeartbeatMax)
            {
                vm.HeartbeatLost = true;
                Publish_NeedsLock(vm, VmEventKind.HeartbeatLost, $"no answer for {(now - silentSince).TotalSeconds:0.#} s");
            }
        }
    }

    /// <summary>A boot without an agent ends when the console shows the ready marker; any boot ends at the boot timeout.</summary>
    private void ReleaseBootSlotWhenDue_NeedsLock(QemuVm vm)
    {
        if (vm.BootSlot is not { } slot)
        {
            return;
        }

        var timedOut = Time.GetUtcNow() - vm.RunningSince >= _options.BootTimeout;
        if (timedOut || (!vm.Definition.GuestAgent && ConsoleShowsReady(vm.Run.ConsoleLog)))
        {
            slot.Release();
            vm.BootSlot = null;
        }
    }

    private static readonly TimeSpan _bootWatchInterval = TimeSpan.FromMilliseconds(50);

    private bool ConsoleShowsReady(string consoleLog)
    {
        try
        {
            return File.Exists(consoleLog) && File.ReadAllText(consoleLog).Contains(_options.ConsoleReadyMarker, StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }
}

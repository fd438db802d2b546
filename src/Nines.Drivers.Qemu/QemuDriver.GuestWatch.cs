using Nines.Drivers.Qemu.GuestAgent;

namespace Nines.Drivers.Qemu;

/// <summary>
/// Watching the guest: the boot (its boot slot is released when the agent first answers, the console shows the ready
/// marker, or the boot times out) and the guest-agent heartbeat (lost, restored, the watchdog's action).
/// </summary>
internal sealed partial class QemuDriver
{
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
                    _core.Publish_NeedsLock(vm, VmEventKind.GuestReady);
                    vm.BootSlot?.Release();
                    vm.BootSlot = null;
                }

                if (vm.HeartbeatLost)
                {
                    vm.HeartbeatLost = false;
                    _core.Publish_NeedsLock(vm, VmEventKind.HeartbeatRestored);
                }

                return;
            }

            var silentSince = vm.LastHeartbeat is { } last && last > vm.RunningSince ? last : vm.RunningSince;
            if (vm.GuestReady && !vm.HeartbeatLost && now - silentSince >= _options.HeartbeatMax)
            {
                vm.HeartbeatLost = true;
                _core.Publish_NeedsLock(vm, VmEventKind.HeartbeatLost, $"no answer for {(now - silentSince).TotalSeconds:0.#} s");
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

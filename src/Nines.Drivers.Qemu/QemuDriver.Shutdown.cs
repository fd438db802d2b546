using Nines.Drivers.Qemu.GuestAgent;
using Nines.Drivers.Qemu.Qmp;

namespace Nines.Drivers.Qemu;

/// <summary>Two-phase stop: ask the guest (agent, else the ACPI power button), wait the grace period, then force.</summary>
internal sealed partial class QemuDriver
{
    private static readonly TimeSpan _shutdownReplyWait = TimeSpan.FromMilliseconds(500);

    public async Task<ShutdownResult> ShutdownAsync(string vmId, TimeSpan gracePeriod, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(gracePeriod, TimeSpan.Zero);
        using var lease = await _core.BeginOperationAsync(vmId, cancellationToken).ConfigureAwait(false);
        var vm = lease.Vm;
        var started = Time.GetTimestamp();
        ShutdownMethod method;
        QmpClient qmp;
        GuestAgentClient? agent;
        Task ended;
        lock (_gate)
        {
            vm.CheckAllowed_NeedsLock(VmOperation.Shutdown);
            vm.ExpectedBy = VmOperation.Shutdown;
            qmp = vm.Qmp!;
            agent = vm.Agent;
            ended = vm.ProcessEnded.Task;
            method = agent is not null && vm.GuestReady && !vm.HeartbeatLost && vm.State == VmState.Running ? ShutdownMethod.GuestAgent : ShutdownMethod.Acpi;
            _core.Publish_NeedsLock(vm, VmEventKind.ShutdownRequested, method.ToString().ToLowerInvariant());
        }

        method = await AskGuestToPowerOffAsync(qmp, method == ShutdownMethod.GuestAgent ? agent : null, cancellationToken).ConfigureAwait(false);
        var graceful = await WaitForEndAsync(ended, gracePeriod, cancellationToken).ConfigureAwait(false);
        bool poweredOff;
        lock (_gate)
        {
            poweredOff = graceful && vm.Clues is { ShutdownSeen: true, GuestInitiated: true };
        }

        if (!graceful)
        {
            await ForceStopAsync(vm, cancellationToken).ConfigureAwait(false);
        }

        lock (_gate)
        {
            vm.ExpectedBy = null;
            var reason = poweredOff
                ? new VmExitReason(VmExitKind.GuestShutdown, $"the guest powered off when asked ({method.ToString().ToLowerInvariant()})")
                : new VmExitReason(VmExitKind.Destroyed, graceful ? "the process ended without a guest power-off" : $"forced after the {gracePeriod.TotalSeconds:0.###} s grace period");
            _core.Enter_NeedsLock(vm, VmState.Stopped, VmEventKind.Stopped, reason);
            return new ShutdownResult(vm.ToStatus(), poweredOff ? method : ShutdownMethod.Forced, Time.GetElapsedTime(started));
        }
    }

    /// <summary>Asks through the agent when given one; the ACPI button when not, or when the agent refuses.</summary>
    private static async Task<ShutdownMethod> AskGuestToPowerOffAsync(QmpClient qmp, GuestAgentClient? agent, CancellationToken cancellationToken)
    {
        if (agent is not null)
        {
            try
            {
                await agent.ShutdownAsync(GuestShutdownMode.Powerdown, _shutdownReplyWait, cancellationToken).ConfigureAwait(false);
                return ShutdownMethod.GuestAgent;
            }
            catch (Exception e) when (e is GuestAgentCommandException or GuestAgentTimeoutException or GuestAgentConnectionBrokenException or GuestAgentProtocolException)
            {
                // Fall through to the power button.
            }
        }

        try
        {
            await qmp.SystemPowerdownAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is QmpCommandException or QmpConnectionBrokenException or QmpTimeoutException)
        {
            // QEMU is going or gone; the grace period and the forced stop settle it.
        }

        return ShutdownMethod.Acpi;
    }
}

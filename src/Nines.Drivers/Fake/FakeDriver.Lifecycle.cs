using Nines.Drivers.Errors;

namespace Nines.Drivers.Fake;

/// <summary>Lifecycle operations: each checks capability and state first, so an illegal call changes nothing.</summary>
public sealed partial class FakeDriver
{
    public Task<VmStatus> StartAsync(string vmId, CancellationToken cancellationToken) =>
        _bootSlots is { } slots ? StartWithBootSlotAsync(vmId, slots, cancellationToken) : StartNowAsync(vmId, cancellationToken);

    private Task<VmStatus> StartNowAsync(string vmId, CancellationToken cancellationToken) =>
        Operate(vmId, VmOperation.Start, null, cancellationToken, vm =>
        {
            if (vm.Behaviour.FailStart is { } failure)
            {
                throw new DriverFailureException(vmId, $"vm \"{vmId}\" failed to start: {failure}");
            }

            vm.Start();
        });

    public Task<VmStatus> PauseAsync(string vmId, CancellationToken cancellationToken) =>
        Operate(vmId, VmOperation.Pause, DriverCapabilities.Pause, cancellationToken, vm => vm.Pause());

    public Task<VmStatus> ResumeAsync(string vmId, CancellationToken cancellationToken) =>
        Operate(vmId, VmOperation.Resume, DriverCapabilities.Pause, cancellationToken, vm => vm.Resume());

    public Task<VmStatus> SuspendAsync(string vmId, string statePath, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(statePath);
        return Operate(vmId, VmOperation.Suspend, DriverCapabilities.SuspendToDisk, cancellationToken, vm => vm.Suspend(statePath));
    }

    public Task<VmStatus> RestoreAsync(string vmId, string statePath, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(statePath);
        return Operate(vmId, VmOperation.Restore, DriverCapabilities.SuspendToDisk, cancellationToken, vm =>
        {
            if (!_host.SavedStates.TryGetValue(statePath, out var saved) || saved.VmId != vmId)
            {
                throw new DriverFailureException(vmId, $"no saved state of vm \"{vmId}\" at \"{statePath}\"");
            }

            vm.Restore(saved);
        });
    }

    public Task<VmStatus> DestroyAsync(string vmId, CancellationToken cancellationToken) =>
        Operate(vmId, VmOperation.Destroy, null, cancellationToken, vm => vm.Destroy("destroyed"));

    public Task<VmStatus> RebootAsync(string vmId, CancellationToken cancellationToken) =>
        Operate(vmId, VmOperation.Reboot, DriverCapabilities.Reboot, cancellationToken, vm => vm.Reboot());

    public async Task<ShutdownResult> ShutdownAsync(string vmId, TimeSpan gracePeriod, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(gracePeriod, TimeSpan.Zero);
        cancellationToken.ThrowIfCancellationRequested();
        var started = Time.GetUtcNow();
        Task ended;
        ShutdownMethod askedBy;
        lock (_host.Gate)
        {
            var vm = Find_NeedsLock(vmId);
            vm.CheckAllowed_NeedsLock(VmOperation.Shutdown);
            if (!Capabilities.HasFlag(DriverCapabilities.GracefulShutdown))
            {
                vm.Destroy("forced: the driver cannot shut down gracefully");
                return new ShutdownResult(StatusOf_NeedsLock(vm), ShutdownMethod.Forced, TimeSpan.Zero);
            }

            // The QEMU driver asks through the guest agent when it answers, else presses the ACPI button.
            askedBy = vm.Definition.GuestAgent && vm.GuestReady && !vm.Hung ? ShutdownMethod.GuestAgent : ShutdownMethod.Acpi;
            ended = vm.RequestShutdown();
        }

        var graceOver = Task.Delay(gracePeriod, Time, cancellationToken);
        await Task.WhenAny(ended, graceOver).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_host.Gate)
        {
            var vm = Find_NeedsLock(vmId);
            var method = askedBy;
            if (!ended.IsCompleted)
            {
                vm.Destroy($"forced after the {gracePeriod.TotalSeconds:0.###} s grace period");
                method = ShutdownMethod.Forced;
            }
            else if (vm.ExitReason?.Kind != VmExitKind.GuestShutdown)
            {
                // The process ended some other way while we waited (crash, destroy): not a graceful stop.
                method = ShutdownMethod.Forced;
            }

            return new ShutdownResult(StatusOf_NeedsLock(vm), method, Time.GetUtcNow() - started);
        }
    }

    private Task<VmStatus> Operate(
        string vmId,
        VmOperation operation,
        DriverCapabilities? capability,
        CancellationToken cancellationToken,
        Action<FakeVm> apply)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (capability is { } needed)
        {
            _core.Require(needed, vmId);
        }

        lock (_host.Gate)
        {
            var vm = Find_NeedsLock(vmId);
            var expected = vm.CheckAllowed_NeedsLock(operation);
            apply(vm);
            if (vm.State != expected && vm.State is not VmState.Crashed)
            {
                throw new InvalidOperationException($"fake vm \"{vmId}\" reached {vm.State} after {operation}, not {expected}");
            }

            return Task.FromResult(StatusOf_NeedsLock(vm));
        }
    }
}

using Nines.Drivers.Errors;

namespace Nines.Drivers.Container;

/// <summary>Start, pause, resume and reboot of an instance; the launch of a run itself is in <c>ContainerDriver.Launch.cs</c>.</summary>
internal sealed partial class ContainerDriver
{
    public async Task<VmStatus> StartAsync(string vmId, CancellationToken cancellationToken)
    {
        using var lease = await _core.BeginOperationAsync(vmId, cancellationToken).ConfigureAwait(false);
        var vm = lease.Vm;
        lock (_gate)
        {
            vm.CheckAllowed_NeedsLock(VmOperation.Start);
        }

        await LaunchAsync(vm, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _core.Enter_NeedsLock(vm, VmState.Running, VmEventKind.Started);
            vm.GuestReady = true;
            _core.Publish_NeedsLock(vm, VmEventKind.GuestReady);
            ReportEarlyExit_NeedsLock(vm);
            return vm.ToStatus();
        }
    }

    public Task<VmStatus> PauseAsync(string vmId, CancellationToken cancellationToken) =>
        FreezeAsync(vmId, VmOperation.Pause, VmState.Paused, VmEventKind.Paused, cancellationToken);

    public Task<VmStatus> ResumeAsync(string vmId, CancellationToken cancellationToken) =>
        FreezeAsync(vmId, VmOperation.Resume, VmState.Running, VmEventKind.Resumed, cancellationToken);

    public Task<VmStatus> SuspendAsync(string vmId, string statePath, CancellationToken cancellationToken) =>
        Task.FromException<VmStatus>(new UnsupportedOperationException(Name, DriverCapabilities.SuspendToDisk, vmId));

    public Task<VmStatus> RestoreAsync(string vmId, string statePath, CancellationToken cancellationToken) =>
        Task.FromException<VmStatus>(new UnsupportedOperationException(Name, DriverCapabilities.SuspendToDisk, vmId));

    /// <summary>Restarts the instance: its processes are killed and its command starts again in fresh namespaces.</summary>
    public async Task<VmStatus> RebootAsync(string vmId, CancellationToken cancellationToken)
    {
        using var lease = await _core.BeginOperationAsync(vmId, cancellationToken).ConfigureAwait(false);
        var vm = lease.Vm;
        lock (_gate)
        {
            vm.CheckAllowed_NeedsLock(VmOperation.Reboot);
        }

        await KillAndWaitAsync(vm, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            vm.GuestReady = false;
            _core.Publish_NeedsLock(vm, VmEventKind.Reset, "reboot");
        }

        try
        {
            await LaunchAsync(vm, cancellationToken).ConfigureAwait(false);
        }
        catch (DriverFailureException e)
        {
            lock (_gate)
            {
                vm.StopClaimed = false;
                _core.Enter_NeedsLock(vm, VmState.Crashed, VmEventKind.Crashed, new VmExitReason(VmExitKind.Exited, $"restart failed: {e.Message}"));
            }

            throw;
        }

        lock (_gate)
        {
            vm.StopClaimed = false;
            vm.GuestReady = true;
            _core.Publish_NeedsLock(vm, VmEventKind.GuestReady);
            Persist_NeedsLock(vm);
            ReportEarlyExit_NeedsLock(vm);
            return vm.ToStatus();
        }
    }

    private async Task<VmStatus> FreezeAsync(string vmId, VmOperation operation, VmState to, VmEventKind kind, CancellationToken cancellationToken)
    {
        using var lease = await _core.BeginOperationAsync(vmId, cancellationToken).ConfigureAwait(false);
        var vm = lease.Vm;
        lock (_gate)
        {
            vm.CheckAllowed_NeedsLock(operation);
        }

        await vm.Cgroup.FreezeAsync(operation == VmOperation.Pause, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            // The instance may have ended meanwhile; the monitor has then said so.
            if (vm.State is VmState.Running or VmState.Paused)
            {
                _core.Enter_NeedsLock(vm, to, kind);
            }

            return vm.ToStatus();
        }
    }

    /// <summary>
    /// A command that ended before the start was recorded (the monitor saw it while the state was not Running yet):
    /// reported now, after <see cref="VmEventKind.Started"/>, as the monitor would have.
    /// </summary>
    private void ReportEarlyExit_NeedsLock(ContainerInstance vm)
    {
        if (vm.Exited.Task.IsCompletedSuccessfully && vm.State == VmState.Running)
        {
            var reason = vm.Exited.Task.Result.Reason();
            vm.GuestReady = false;
            _core.Enter_NeedsLock(vm, reason.IsCrash ? VmState.Crashed : VmState.Stopped, reason.IsCrash ? VmEventKind.Crashed : VmEventKind.Stopped, reason);
        }
    }
}

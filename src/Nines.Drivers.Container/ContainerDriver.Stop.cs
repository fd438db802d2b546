using Nines.Drivers.Errors;

namespace Nines.Drivers.Container;

internal sealed partial class ContainerDriver
{
    /// <summary>How long a killed instance may take to be seen gone before the driver reports a failure.</summary>
    private static readonly TimeSpan _killTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How often a shutdown looks whether an init without a SIGTERM handler has installed one.</summary>
    private static readonly TimeSpan _handlerPoll = TimeSpan.FromMilliseconds(50);

    /// <summary>SIGTERM to the instance's init, then after <paramref name="gracePeriod"/> SIGKILL to every process of its cgroup.</summary>
    public async Task<ShutdownResult> ShutdownAsync(string vmId, TimeSpan gracePeriod, CancellationToken cancellationToken)
    {
        using var lease = await _core.BeginOperationAsync(vmId, cancellationToken).ConfigureAwait(false);
        var vm = lease.Vm;
        var started = Time.GetTimestamp();
        int? init;
        Task<InstanceExit> exited;
        lock (_gate)
        {
            vm.CheckAllowed_NeedsLock(VmOperation.Shutdown);
            vm.StopClaimed = true;
            init = vm.InitPid;
            exited = vm.Exited.Task;
            _core.Publish_NeedsLock(vm, VmEventKind.ShutdownRequested);
        }

        var grace = Task.Delay(gracePeriod, Time, cancellationToken);
        if (init is { } pid && IsOurs(vm, pid))
        {
            await SignalTermAsync(vm, pid, exited, grace, cancellationToken).ConfigureAwait(false);
        }

        var graceful = await Task.WhenAny(exited, grace).ConfigureAwait(false) == exited;
        if (!graceful)
        {
            await KillAndWaitAsync(vm, cancellationToken).ConfigureAwait(false);
        }

        lock (_gate)
        {
            vm.StopClaimed = false;
            var reason = graceful
                ? new VmExitReason(VmExitKind.GuestShutdown, "the instance ended on SIGTERM")
                : new VmExitReason(VmExitKind.Destroyed, $"the instance did not end within {gracePeriod.TotalSeconds:0.###} s of SIGTERM and was killed", Signal: ProcessSignals.SigKill);
            _core.Enter_NeedsLock(vm, VmState.Stopped, VmEventKind.Stopped, reason);
            return new ShutdownResult(vm.ToStatus(), graceful ? ShutdownMethod.Signal : ShutdownMethod.Forced, Time.GetElapsedTime(started));
        }
    }

    /// <summary>
    /// Sends SIGTERM to the instance's init. PID 1 of a namespace gets SIGTERM only if it handles it, and an init that
    /// was just started may not have installed its handler yet (a shell before its <c>trap</c>): then the signal is
    /// dropped, so it is sent again once the init catches it, until the instance ends or the grace period is over.
    /// An init that never handles SIGTERM waits out the grace period.
    /// </summary>
    private async Task SignalTermAsync(ContainerInstance vm, int pid, Task exited, Task grace, CancellationToken cancellationToken)
    {
        var caught = ProcFs.CatchesSignal(pid, ProcessSignals.SigTerm);
        ProcessSignals.Send(pid, ProcessSignals.SigTerm);
        while (!caught)
        {
            var tick = Task.Delay(_handlerPoll, Time, cancellationToken);
            if (await Task.WhenAny(exited, grace, tick).ConfigureAwait(false) != tick || !IsOurs(vm, pid))
            {
                return;
            }

            if (ProcFs.CatchesSignal(pid, ProcessSignals.SigTerm))
            {
                caught = true;
                ProcessSignals.Send(pid, ProcessSignals.SigTerm);
            }
        }
    }

    public async Task<VmStatus> DestroyAsync(string vmId, CancellationToken cancellationToken)
    {
        using var lease = await _core.BeginOperationAsync(vmId, cancellationToken).ConfigureAwait(false);
        var vm = lease.Vm;
        lock (_gate)
        {
            var from = vm.State;
            VmStateMachine.Apply(vmId, from, VmOperation.Destroy);
            if (from is not (VmState.Running or VmState.Paused))
            {
                return vm.ToStatus();
            }

            vm.StopClaimed = true;
        }

        await KillAndWaitAsync(vm, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            vm.StopClaimed = false;
            _core.Enter_NeedsLock(vm, VmState.Stopped, VmEventKind.Stopped, new VmExitReason(VmExitKind.Destroyed, "destroyed", Signal: ProcessSignals.SigKill));
            return vm.ToStatus();
        }
    }

    /// <summary>Claims the stop, SIGKILLs every process of the instance and waits until the monitor has seen the run end.</summary>
    private async Task KillAndWaitAsync(ContainerInstance vm, CancellationToken cancellationToken)
    {
        Task<InstanceExit> exited;
        int? init;
        lock (_gate)
        {
            vm.StopClaimed = true;
            exited = vm.Exited.Task;
            init = vm.InitPid;
        }

        // SIGKILL to the init ends its whole PID namespace (exec'd processes too); the supervisor shell records it.
        if (init is { } pid && IsOurs(vm, pid))
        {
            ProcessSignals.Send(pid, ProcessSignals.SigKill);
            vm.Cgroup.Thaw();
        }
        else
        {
            vm.Cgroup.KillAll();
        }

        if (await Task.WhenAny(exited, Task.Delay(TimeSpan.FromSeconds(2), Time, cancellationToken)).ConfigureAwait(false) != exited)
        {
            vm.Cgroup.KillAll();
        }

        if (await Task.WhenAny(exited, Task.Delay(_killTimeout, Time, cancellationToken)).ConfigureAwait(false) != exited)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new DriverTimeoutException(vm.Id, "killing the instance", _killTimeout);
        }
    }
}

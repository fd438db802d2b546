namespace Nines.Drivers.Core;

/// <summary>State transitions, events and status: the plumbing every operation ends with.</summary>
internal sealed partial class DriverCore<TVm>
{
    /// <summary>
    /// Moves the VM to <paramref name="state"/> now, records it (the persist callback) and publishes
    /// <paramref name="kind"/> when given. Entering Stopped or Crashed sets the exit reason; entering Running clears it.
    /// </summary>
    public void Enter_NeedsLock(TVm vm, VmState state, VmEventKind? kind, VmExitReason? reason = null, string? detail = null)
    {
        ArgumentNullException.ThrowIfNull(vm);
        var now = Time.GetUtcNow();
        vm.State = state;
        vm.Since = now;
        if (state is VmState.Stopped or VmState.Crashed)
        {
            vm.ExitReason = reason;
        }
        else if (state == VmState.Running)
        {
            vm.ExitReason = null;
        }

        Persist_NeedsLock(vm);
        if (kind is { } eventKind)
        {
            _events.Publish(new VmEvent(vm.Id, eventKind, now, reason, detail));
        }
    }

    /// <summary>Publishes an event of the VM that does not change its state, stamped now.</summary>
    public void Publish_NeedsLock(TVm vm, VmEventKind kind, string? detail = null)
    {
        ArgumentNullException.ThrowIfNull(vm);
        _events.Publish(new VmEvent(vm.Id, kind, Time.GetUtcNow(), Detail: detail));
    }

    /// <summary>Publishes an event as it is (its time set by whoever observed it).</summary>
    public void Publish_NeedsLock(VmEvent vmEvent) => _events.Publish(vmEvent);

    /// <summary>Records the VM's state through the driver's persist callback (nothing for an in-memory driver).</summary>
    public void Persist_NeedsLock(TVm vm) => _persist?.Invoke(vm);

    /// <summary>The VM's status now; <see cref="Errors.VmNotFoundException"/> when unknown.</summary>
    public VmStatus Status(string vmId)
    {
        lock (Gate)
        {
            return Find_NeedsLock(vmId).ToStatus();
        }
    }
}

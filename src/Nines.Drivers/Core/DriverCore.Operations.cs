namespace Nines.Drivers.Core;

/// <summary>Operations that run alone on their VM, and the removal every driver performs the same way.</summary>
internal sealed partial class DriverCore<TVm>
{
    /// <summary>
    /// Looks the VM up (unknown: <see cref="Errors.VmNotFoundException"/> at once) and waits until no other operation
    /// runs on it. Dispose the lease to let the next one in.
    /// </summary>
    public Task<VmOperationLease<TVm>> BeginOperationAsync(string vmId, CancellationToken cancellationToken) =>
        BeginOperationAsync(Get(vmId), cancellationToken);

    /// <summary>Waits until no other operation runs on <paramref name="vm"/>, already looked up.</summary>
    public async Task<VmOperationLease<TVm>> BeginOperationAsync(TVm vm, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vm);
        await vm.Operations.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new VmOperationLease<TVm>(vm);
    }

    /// <summary>
    /// Removes a VM that does not run: checks the state machine, takes it out of the table (so it is unknown from
    /// then on), lets <paramref name="release"/> delete what the driver made for it, then publishes
    /// <see cref="VmEventKind.Removed"/>. An illegal removal changes nothing.
    /// </summary>
    public async Task RemoveAsync(string vmId, Func<TVm, CancellationToken, Task> release, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(release);
        using var lease = await BeginOperationAsync(vmId, cancellationToken).ConfigureAwait(false);
        var vm = lease.Vm;
        lock (Gate)
        {
            vm.CheckAllowed_NeedsLock(VmOperation.Remove);
            _vms.Remove(vmId);
            vm.State = VmState.Removed;
        }

        await release(vm, cancellationToken).ConfigureAwait(false);
        lock (Gate)
        {
            _events.Publish(new VmEvent(vmId, VmEventKind.Removed, Time.GetUtcNow()));
        }
    }
}

namespace Nines.Drivers.Fake;

/// <summary>
/// The boot limiter (<see cref="FakeDriverOptions.MaxConcurrentBoots"/>): like the QEMU driver's, a start waits for a
/// free slot and the slot stays taken until the guest is ready, so a caller that starts many guests in a row blocks
/// on the third start until the first guest is ready.
/// </summary>
public sealed partial class FakeDriver
{
    private readonly HashSet<string> _booting = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim? _bootSlots;

    private async Task<VmStatus> StartWithBootSlotAsync(string vmId, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        lock (_host.Gate)
        {
            // An illegal start fails at once, not after waiting for a slot (as the QEMU driver's).
            Find_NeedsLock(vmId).CheckAllowed_NeedsLock(VmOperation.Start);
        }

        await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        lock (_host.Gate)
        {
            _booting.Add(vmId);
        }

        try
        {
            var status = await StartNowAsync(vmId, cancellationToken).ConfigureAwait(false);
            lock (_host.Gate)
            {
                // Ready at once (no boot time, or no agent to wait for): the slot is free again.
                if (status.GuestReady || status.State != VmState.Running || !Find_NeedsLock(vmId).Definition.GuestAgent)
                {
                    ReleaseBootSlot_NeedsLock(vmId);
                }
            }

            return status;
        }
        catch
        {
            lock (_host.Gate)
            {
                ReleaseBootSlot_NeedsLock(vmId);
            }

            throw;
        }
    }

    /// <summary>Frees the VM's boot slot when an event ends its boot (ready, or its process is gone).</summary>
    private void OnBootEvent_NeedsLock(VmEvent vmEvent)
    {
        if (vmEvent.Kind is VmEventKind.GuestReady or VmEventKind.Crashed or VmEventKind.Stopped or VmEventKind.Removed)
        {
            ReleaseBootSlot_NeedsLock(vmEvent.VmId);
        }
    }

    private void ReleaseBootSlot_NeedsLock(string vmId)
    {
        if (_booting.Remove(vmId))
        {
            _bootSlots?.Release();
        }
    }
}

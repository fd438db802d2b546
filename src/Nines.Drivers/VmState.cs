namespace Nines.Drivers;

/// <summary>The observed state of a VM, as a driver sees it.</summary>
public enum VmState
{
    /// <summary>Known to the driver, never started: no process.</summary>
    Defined,

    /// <summary>The VM's process runs and the guest executes (it may still be booting: see <see cref="VmStatus.GuestReady"/>).</summary>
    Running,

    /// <summary>The process is alive but the guest is frozen in memory.</summary>
    Paused,

    /// <summary>The guest's memory is saved to a file and the process is gone; <see cref="VmOperation.Restore"/> continues it.</summary>
    Suspended,

    /// <summary>Stopped because someone asked (shutdown, destroy) or the guest powered itself off.</summary>
    Stopped,

    /// <summary>Stopped without being asked: process killed or exited, guest panic, watchdog power-off. See <see cref="VmStatus.ExitReason"/>.</summary>
    Crashed,

    /// <summary>
    /// The destination of a live migration: the process runs and waits for the guest's state to arrive
    /// (<see cref="IVmDriver.PrepareIncomingMigrationAsync"/>); <see cref="IVmDriver.CompleteIncomingMigrationAsync"/> makes it Running.
    /// </summary>
    Incoming,

    /// <summary>Terminal: the definition is gone; the driver answers <see cref="Errors.VmNotFoundException"/> from now on.</summary>
    Removed,
}

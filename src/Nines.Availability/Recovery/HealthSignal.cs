namespace Nines.Availability.Recovery;

/// <summary>A failure signal a monitor reports about a unit.</summary>
public enum HealthSignal
{
    /// <summary>The process (QEMU, or an instance's init) exited or was killed: the unit is dead.</summary>
    ProcessExited,

    /// <summary>The guest powered itself off (QMP SHUTDOWN nobody asked for): the unit is dead.</summary>
    GuestShutdown,

    /// <summary>The kernel's OOM killer ended an OS-level instance: the unit is dead.</summary>
    OutOfMemory,

    /// <summary>QMP GUEST_PANICKED: the guest is useless, but its process may live on.</summary>
    GuestPanicked,

    /// <summary>QMP WATCHDOG: the guest stopped feeding its watchdog; its process may live on.</summary>
    WatchdogFired,

    /// <summary>No heartbeat for the maximum duration while the process lives: the guest is hung.</summary>
    HeartbeatLost,

    /// <summary>The application's health command failed (non-zero exit or timeout) while the unit runs.</summary>
    HealthCommandFailed,
}

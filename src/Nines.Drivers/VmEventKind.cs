namespace Nines.Drivers;

/// <summary>What happened to a VM. Drivers report the same kinds in the same order for the same story.</summary>
public enum VmEventKind
{
    Started,

    /// <summary>The guest agent answered for the first time since boot.</summary>
    GuestReady,
    Paused,
    Resumed,
    Suspended,
    Restored,

    /// <summary>A graceful shutdown was asked of the guest.</summary>
    ShutdownRequested,

    /// <summary>The VM stopped because someone asked (or the guest powered itself off); see <see cref="VmEvent.Reason"/>.</summary>
    Stopped,

    /// <summary>The VM stopped without being asked; see <see cref="VmEvent.Reason"/>.</summary>
    Crashed,
    GuestPanicked,
    WatchdogFired,

    /// <summary>The guest was reset (reboot or watchdog reset): it boots again without a new process.</summary>
    Reset,

    /// <summary>The guest stopped answering pings for longer than the heartbeat timeout while its process lives.</summary>
    HeartbeatLost,
    HeartbeatRestored,
    Removed,

    /// <summary>The destination of a live migration waits for the guest's state (<see cref="VmState.Incoming"/>); detail = the endpoint.</summary>
    MigrationIncoming,

    /// <summary>The source's guest now runs on the destination; the source is paused until it is destroyed or resumed (fail-back). Detail = the destination.</summary>
    Migrated,

    /// <summary>A live migration arrived and the guest answered here: the VM runs on this host.</summary>
    MigrationArrived,
}

namespace Nines.Drivers;

/// <summary>Why a VM's process ended.</summary>
public enum VmExitKind
{
    /// <summary>The guest powered off, asked to or on its own.</summary>
    GuestShutdown,

    /// <summary>Forced stop by the manager (destroy, or shutdown past its grace period).</summary>
    Destroyed,

    /// <summary>The process exited with a code nobody asked for.</summary>
    Exited,

    /// <summary>The process was killed by a signal (e.g. <c>kill -9</c>).</summary>
    Killed,

    /// <summary>The guest kernel panicked.</summary>
    GuestPanicked,

    /// <summary>The watchdog fired and its action stopped the VM.</summary>
    Watchdog,

    /// <summary>The kernel's OOM killer ended the instance (its memory limit was reached).</summary>
    OutOfMemory,
}

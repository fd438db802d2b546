namespace Nines.Drivers;

/// <summary>
/// Optional features a driver declares. A call that needs a capability the driver lacks fails with
/// <see cref="Errors.UnsupportedOperationException"/> before anything is done.
/// </summary>
[Flags]
public enum DriverCapabilities
{
    None = 0,

    /// <summary>Freeze and thaw the VM in memory (<see cref="IVmDriver.PauseAsync"/>, <see cref="IVmDriver.ResumeAsync"/>).</summary>
    Pause = 1 << 0,

    /// <summary>Save the VM's memory to a file and continue from it later (<see cref="IVmDriver.SuspendAsync"/>, <see cref="IVmDriver.RestoreAsync"/>).</summary>
    SuspendToDisk = 1 << 1,

    /// <summary>Move a running VM to another host without stopping it.</summary>
    LiveMigration = 1 << 2,

    /// <summary>Run a command inside the guest (<see cref="IVmDriver.ExecAsync"/>).</summary>
    GuestExec = 1 << 3,

    /// <summary>Write a file inside the guest (<see cref="IVmDriver.WriteFileAsync"/>).</summary>
    GuestFileWrite = 1 << 4,

    /// <summary>The driver pings the guest and reports <see cref="VmEventKind.HeartbeatLost"/> / <see cref="VmEventKind.HeartbeatRestored"/>.</summary>
    Heartbeat = 1 << 5,

    /// <summary>A hardware watchdog device (<see cref="VmDefinition.Watchdog"/>).</summary>
    Watchdog = 1 << 6,

    /// <summary>A memory balloon: guest memory statistics and a run-time memory target.</summary>
    Balloon = 1 << 7,

    /// <summary>vCPUs added or removed while the VM runs.</summary>
    VcpuHotplug = 1 << 8,

    /// <summary>VMs outlive the managing process and <see cref="IVmDriver.ReattachAsync"/> finds them again.</summary>
    Reattach = 1 << 9,

    /// <summary>Shutdown asks the guest first (guest agent or ACPI) before forcing.</summary>
    GracefulShutdown = 1 << 10,

    /// <summary>Restart the guest without stopping the VM (<see cref="IVmDriver.RebootAsync"/>).</summary>
    Reboot = 1 << 11,

    /// <summary>Resource controls changed while the VM runs (<see cref="IVmDriver.ResizeAsync"/>).</summary>
    Resize = 1 << 12,

    /// <summary>
    /// The VM's threads run under SCHED_FIFO at <see cref="Domain.Scenarios.QosSpec.RealTimePriority"/> (refused at define
    /// when the host does not allow it). Without it a definition asking for a real-time priority cannot be honoured.
    /// </summary>
    RealTime = 1 << 13,

    /// <summary>Everything a guest agent gives: exec, file write and the heartbeat.</summary>
    GuestAgent = GuestExec | GuestFileWrite | Heartbeat,
}

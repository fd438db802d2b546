using Nines.Drivers.Core;
using Nines.Drivers.Qemu.GuestAgent;
using Nines.Drivers.Qemu.Monitoring;
using Nines.Drivers.Qemu.Processes;
using Nines.Drivers.Qemu.Qmp;

namespace Nines.Drivers.Qemu;

/// <summary>
/// The driver's view of one VM beyond what every driver keeps (<see cref="DriverVm"/>): the running process and its
/// connections. Fields are read and written under the driver core's gate.
/// </summary>
internal sealed class QemuVm(VmDefinition definition, QemuRunDirectory run, DateTimeOffset since) : DriverVm(definition, since)
{
    /// <summary>The VM's files; a legacy layout (<see cref="QemuRunDirectory.Legacy"/>) until its next launch.</summary>
    public QemuRunDirectory Run { get; set; } = run;

    public int? Pid { get; set; }

    public string? Accelerator { get; set; }

    public DateTimeOffset? LastHeartbeat { get; set; }

    public bool HeartbeatLost { get; set; }

    /// <summary>RESET events seen since the last incoming migration was prepared: a migrated guest that reset did not survive the move.</summary>
    public int ResetsSinceIncoming { get; set; }

    /// <summary>When the guest last started running (boot, resume, restore): silence is counted from here at the earliest.</summary>
    public DateTimeOffset RunningSince { get; set; } = since;

    public string? SuspendedTo { get; set; }

    /// <summary>Whether the agent had answered when the VM was suspended: a restored guest is as ready as it was.</summary>
    public bool GuestReadyAtSuspend { get; set; }

    /// <summary>Set by a reboot before <c>system_reset</c>; the monitor completes it when QEMU reports the RESET.</summary>
    public TaskCompletionSource? RebootReset { get; set; }

    public QmpClient? Qmp { get; set; }

    public GuestAgentClient? Agent { get; set; }

    public QemuVmMonitor? Monitor { get; set; }

    /// <summary>
    /// The operation in progress that ends or freezes the process itself (suspend, shutdown, destroy, restore): while
    /// set, the monitor leaves STOP/RESUME and the process end to that operation instead of calling them a crash.
    /// </summary>
    public VmOperation? ExpectedBy { get; set; }

    /// <summary>Completes when the monitor has seen the process end (QMP closed, process gone).</summary>
    public TaskCompletionSource ProcessEnded { get; set; } = NewSignal();

    /// <summary>What QEMU said before exiting, to tell a guest power-off from a crash.</summary>
    public ExitClues Clues { get; set; } = new();

    /// <summary>Set while a boot holds a slot of the driver's boot limiter; released once.</summary>
    public BootSlot? BootSlot { get; set; }

    /// <summary>The previous CPU sample (ticks, timestamp) for the host CPU % between two samples.</summary>
    public (long Ticks, long Timestamp)? LastCpuSample { get; set; }

    /// <inheritdoc/>
    public override VmStatus ToStatus() => new(Id, State, Since, Pid, Pid is null ? null : Accelerator, GuestReady, LastHeartbeat, ExitReason);

    public static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

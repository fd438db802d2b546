using Nines.Drivers.Container.Cgroups;
using Nines.Drivers.Core;

namespace Nines.Drivers.Container;

/// <summary>
/// The driver's view of one instance beyond what every driver keeps (<see cref="DriverVm"/>): its processes, cgroup
/// and limits. Fields are read and written under the driver core's gate.
/// </summary>
internal sealed class ContainerInstance(VmDefinition definition, ContainerRunDirectory run, InstanceCgroup cgroup, DateTimeOffset since)
    : DriverVm(definition, since)
{
    public ContainerRunDirectory Run { get; } = run;

    public InstanceCgroup Cgroup { get; } = cgroup;

    /// <summary>The detached launcher shell: alive exactly as long as the instance.</summary>
    public int? LauncherPid { get; set; }

    /// <summary>The instance's init (PID 1 inside) as the host sees it.</summary>
    public int? InitPid { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    /// <summary>The limits in force (the definition's, then every resize); applied at each start.</summary>
    public Limits Limits { get; set; } = Limits.From(definition);

    /// <summary>
    /// Set while an operation (shutdown, destroy, reboot) ends the process itself: the monitor then leaves the state
    /// to the operation and only completes <see cref="Exited"/>.
    /// </summary>
    public bool StopClaimed { get; set; }

    /// <summary>Completes when the monitor has seen the current run end (and cleaned its cgroup).</summary>
    public TaskCompletionSource<InstanceExit> Exited { get; set; } = NewExit();

    /// <summary>Completes when the clean-up of the last ended run (its cgroup, its veths) is done; a new run waits for it.</summary>
    public Task CleanedUp { get; set; } = Task.CompletedTask;

    /// <summary>The previous KPI sample's CPU time and moment, for CPU % between samples.</summary>
    public (TimeSpan Usage, DateTimeOffset At)? LastCpuSample { get; set; }

    /// <inheritdoc/>
    public override VmStatus ToStatus() => new(Id, State, Since, InitPid, null, GuestReady, null, ExitReason);

    public static TaskCompletionSource<InstanceExit> NewExit() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>How a run ended: the launcher's status of the init (128 + signal for a signal) and whether the OOM killer acted.</summary>
internal sealed record InstanceExit(int? ExitCode, int? Signal, bool OutOfMemory)
{
    /// <summary>The exit as the contract reports it when nobody asked for it.</summary>
    public VmExitReason Reason() => this switch
    {
        { OutOfMemory: true } => new VmExitReason(VmExitKind.OutOfMemory, $"out of memory: the OOM killer ended the instance{(Signal is { } s ? $" (signal {s})" : string.Empty)}", ExitCode, Signal ?? 9),
        { Signal: { } signal } => VmExitReason.KilledBy(signal),
        { ExitCode: 0 } => new VmExitReason(VmExitKind.GuestShutdown, "the instance's command exited with code 0", ExitCode: 0),
        { ExitCode: { } code } => VmExitReason.ExitedWith(code),
        _ => new VmExitReason(VmExitKind.Killed, "the instance's launcher disappeared without an exit status"),
    };

    /// <summary>Parses the shell's status: above 128 is a signal.</summary>
    public static InstanceExit FromStatus(int? status, bool outOfMemory) => status switch
    {
        > 128 and < 128 + 65 => new InstanceExit(null, status - 128, outOfMemory),
        { } code => new InstanceExit(code, null, outOfMemory),
        null => new InstanceExit(null, null, outOfMemory),
    };
}

/// <summary>An instance's resource limits, resolved: memory defaults to the definition's memory.</summary>
internal sealed record Limits(int? CpuShares, int? CpuQuotaPercent, string? CpuPinning, long MemoryLimitMiB, int? PidsLimit)
{
    public static Limits From(VmDefinition definition) => new(
        definition.Qos?.CpuShares,
        definition.Qos?.CpuQuotaPercent,
        definition.Qos?.CpuPinning,
        definition.Qos?.MemoryLimitMiB ?? definition.MemoryMiB,
        definition.Container?.PidsLimit);

    public Limits With(QosChange change) => new(
        change.CpuShares ?? CpuShares,
        change.CpuQuotaPercent ?? CpuQuotaPercent,
        change.CpuPinning ?? CpuPinning,
        change.MemoryLimitMiB ?? MemoryLimitMiB,
        change.PidsLimit ?? PidsLimit);

    /// <summary>Writes every limit that is set into <paramref name="cgroup"/>; no pids limit means <paramref name="defaultPidsLimit"/>.</summary>
    public void ApplyTo(InstanceCgroup cgroup, int defaultPidsLimit)
    {
        if (CpuShares is { } shares)
        {
            cgroup.SetCpuShares(shares);
        }

        cgroup.SetCpuQuota(CpuQuotaPercent ?? 0);
        if (CpuPinning is { } cpus)
        {
            cgroup.SetCpuPinning(cpus);
        }

        cgroup.SetMemoryLimit(MemoryLimitMiB * 1024 * 1024);
        cgroup.SetPidsLimit(PidsLimit ?? defaultPidsLimit);
        cgroup.WeighParent();
    }
}

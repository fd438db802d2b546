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

namespace Nines.Drivers.Core;

/// <summary>
/// What every driver keeps of one VM: its definition, the observed state the contract reports, and the lock that
/// serialises the operations asked of it. A driver derives its own VM type (process, connections, cgroup) from this.
/// </summary>
/// <remarks>
/// Fields are read and written under the owning <see cref="DriverCore{TVm}.Gate"/>; <see cref="Operations"/> is held
/// across an operation's awaits, the gate never is.
/// </remarks>
internal abstract class DriverVm(VmDefinition definition, DateTimeOffset since)
{
    public string Id => Definition.Id;

    public VmDefinition Definition { get; } = definition;

    /// <summary>One operation at a time per VM (start, pause, shutdown…), so their conversations with the VM never interleave.</summary>
    public SemaphoreSlim Operations { get; } = new(1, 1);

    public VmState State { get; set; } = VmState.Defined;

    /// <summary>When <see cref="State"/> was entered.</summary>
    public DateTimeOffset Since { get; set; } = since;

    /// <summary>Why the VM last stopped or crashed; cleared when it runs again.</summary>
    public VmExitReason? ExitReason { get; set; }

    public bool GuestReady { get; set; }

    /// <summary>
    /// The state <paramref name="operation"/> would lead to from <see cref="State"/> (<see cref="VmStateMachine"/>);
    /// <see cref="Errors.InvalidVmStateException"/> when it is not legal. Changes nothing: the operation enters the
    /// state once it has done its work.
    /// </summary>
    public VmState CheckAllowed_NeedsLock(VmOperation operation) => VmStateMachine.Apply(Id, State, operation);

    /// <summary>The observed status as the contract reports it; called under the gate.</summary>
    public abstract VmStatus ToStatus();
}

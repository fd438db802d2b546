using Nines.Drivers;

namespace Nines.Contracts.Model;

/// <summary>Between a driver's <see cref="VmState"/> and the status's <see cref="VmPhase"/>.</summary>
public static class VmPhases
{
    /// <summary>The phase of a VM its host reports in <paramref name="state"/> (null: the host does not have it).</summary>
    public static VmPhase Of(VmState? state) => state switch
    {
        null => VmPhase.Absent,
        VmState.Defined => VmPhase.Defined,
        VmState.Running => VmPhase.Running,
        VmState.Paused => VmPhase.Paused,
        VmState.Suspended => VmPhase.Suspended,
        VmState.Stopped => VmPhase.Stopped,
        VmState.Crashed => VmPhase.Crashed,
        VmState.Incoming => VmPhase.Incoming,
        VmState.Removed => VmPhase.Removed,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "a VM state with no phase"),
    };

    /// <summary>The driver state of <paramref name="phase"/>, or null for <see cref="VmPhase.Absent"/>.</summary>
    public static VmState? ToState(this VmPhase phase) => phase switch
    {
        VmPhase.Absent => null,
        VmPhase.Defined => VmState.Defined,
        VmPhase.Running => VmState.Running,
        VmPhase.Paused => VmState.Paused,
        VmPhase.Suspended => VmState.Suspended,
        VmPhase.Stopped => VmState.Stopped,
        VmPhase.Crashed => VmState.Crashed,
        VmPhase.Incoming => VmState.Incoming,
        VmPhase.Removed => VmState.Removed,
        _ => throw new ArgumentOutOfRangeException(nameof(phase), phase, "not a VM phase"),
    };
}

using Nines.Drivers;

namespace Nines.Contracts.Model;

/// <summary>A VM's state as the deployment status records it: the driver's state of the same name, or <c>Absent</c> when its host does not have it.</summary>
/// <remarks>The names are <see cref="VmState"/>'s, so the stored JSON is what it was when the state was a string.</remarks>
public enum VmPhase
{
    /// <summary>The host does not have the VM (not defined yet, or gone).</summary>
    Absent,

    /// <inheritdoc cref="VmState.Defined"/>
    Defined,

    /// <inheritdoc cref="VmState.Running"/>
    Running,

    /// <inheritdoc cref="VmState.Paused"/>
    Paused,

    /// <inheritdoc cref="VmState.Suspended"/>
    Suspended,

    /// <inheritdoc cref="VmState.Stopped"/>
    Stopped,

    /// <inheritdoc cref="VmState.Crashed"/>
    Crashed,

    /// <inheritdoc cref="VmState.Incoming"/>
    Incoming,

    /// <inheritdoc cref="VmState.Removed"/>
    Removed,
}

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

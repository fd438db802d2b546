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

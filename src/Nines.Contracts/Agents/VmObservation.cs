using Nines.Drivers;

namespace Nines.Contracts.Agents;

/// <summary>One VM as the host sees it.</summary>
/// <param name="Vm">The VM's name in the scenario.</param>
/// <param name="State">The driver's state, or null when the VM does not exist on the host.</param>
/// <param name="Configured">The scenario's addresses, routes and forwarding are applied in the guest since its last boot.</param>
/// <param name="Terminal">True when <paramref name="Error"/> cannot go away by retrying (the host refuses the definition).</param>
public sealed record VmObservation(
    string Vm,
    string VmId,
    VmState? State,
    bool GuestReady,
    bool Configured,
    string? Error = null,
    bool Terminal = false)
{
    /// <summary>Running, guest ready and configured.</summary>
    public bool Ready => State == VmState.Running && GuestReady && Configured && Error is null;
}

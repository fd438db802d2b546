namespace Nines.Drivers;

/// <summary>
/// What a driver observes about one VM right now (observed state, never desired).
/// </summary>
/// <param name="Since">When the VM entered <paramref name="State"/>.</param>
/// <param name="ProcessId">The hypervisor process, when one runs.</param>
/// <param name="Accelerator">The accelerator in use (<c>kvm</c>, <c>tcg</c>, <c>fake</c>), when running.</param>
/// <param name="GuestReady">The guest agent answered since the last boot.</param>
/// <param name="LastHeartbeat">When the guest last answered a ping.</param>
/// <param name="ExitReason">Why the VM last stopped, when it is stopped or crashed.</param>
public sealed record VmStatus(
    string Id,
    VmState State,
    DateTimeOffset Since,
    int? ProcessId = null,
    string? Accelerator = null,
    bool GuestReady = false,
    DateTimeOffset? LastHeartbeat = null,
    VmExitReason? ExitReason = null);

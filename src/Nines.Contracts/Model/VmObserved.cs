namespace Nines.Contracts.Model;

/// <summary>
/// Observed state of one VM on its host, at <c>/nines/hosts/&lt;host&gt;/vms/&lt;tenant.name&gt;/&lt;vm&gt;</c>
/// (written from what the host's agent reports; never desired state).
/// </summary>
/// <param name="State">The driver's state (stored by name: <c>Running</c>, <c>Crashed</c>…), or null when the VM does not exist yet.</param>
/// <param name="Configured">Addresses, routes and forwarding from the scenario were applied inside the guest since its last boot.</param>
/// <param name="Kpis">The last KPI sample, when one was taken.</param>
/// <param name="LastError">The last error converging this VM, if any.</param>
public sealed record VmObserved(
    string Tenant,
    string Deployment,
    string Vm,
    string Host,
    Drivers.VmState? State,
    bool GuestReady,
    bool Configured,
    VmKpiSnapshot? Kpis,
    string? LastError,
    DateTimeOffset UpdatedAt);

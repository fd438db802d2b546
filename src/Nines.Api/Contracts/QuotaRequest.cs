namespace Nines.Api.Contracts;

/// <summary>
/// The body of <c>PUT /v1/tenants/{tenant}/quota</c> (admin): the fields given replace the tenant's, those left out keep
/// theirs (the defaults when never set). At least one is required; 0 allows none.
/// </summary>
/// <param name="Vms">VMs and instances over all the tenant's deployments.</param>
/// <param name="Vcpus">vCPUs over all of them.</param>
/// <param name="MemoryMiB">Memory in MiB over all of them.</param>
/// <param name="Deployments">Deployments.</param>
/// <param name="Vlans">Networks (each may take a VLAN of the cross-host pool).</param>
/// <param name="ImageBytes">Bytes of the tenant's image library.</param>
/// <param name="SchedFifo">Whether VMs may ask for SCHED_FIFO.</param>
public sealed record QuotaRequest(
    int? Vms = null,
    int? Vcpus = null,
    long? MemoryMiB = null,
    int? Deployments = null,
    int? Vlans = null,
    long? ImageBytes = null,
    bool? SchedFifo = null);

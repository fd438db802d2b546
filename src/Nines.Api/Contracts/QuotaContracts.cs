using Nines.Controller.Quotas;

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

/// <summary>
/// A tenant's quota: the limits in force, what the tenant uses now beside them, and the fields an admin set (the others
/// are defaults). <paramref name="SchedFifo"/> is <c>allow</c>, <c>deny</c> or <c>admin-only</c> (unset: only deploys
/// made with an admin token may ask for it).
/// </summary>
public sealed record QuotaView(string Tenant, QuotaLimits Limits, string SchedFifo, QuotaUsage Usage, TenantQuota Set);

/// <summary>One quota a request would break, as a 422 <c>quota exceeded</c> answer lists it in <c>violations</c>.</summary>
public sealed record QuotaViolationView(string Field, string Rule, long Limit, long Usage, long Requested, string Message);

/// <summary>
/// An image of a tenant's library. <paramref name="Path"/> is what a scenario names (<c>image:</c>, a disk, a
/// filesystem); <paramref name="Bytes"/> counts against the tenant's <c>imageBytes</c> quota.
/// </summary>
/// <param name="Format">raw or qcow2 (always given to QEMU, never probed).</param>
/// <param name="VirtualSize">The disk size a guest sees.</param>
/// <param name="BackingFile">A qcow2's backing image (another image of the same library), if any.</param>
public sealed record ImageView(string Name, string Tenant, string Format, long Bytes, long VirtualSize, string Path, string? BackingFile, DateTimeOffset ModifiedAt);

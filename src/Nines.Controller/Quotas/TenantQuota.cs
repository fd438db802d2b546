namespace Nines.Controller.Quotas;

/// <summary>
/// A tenant's limits as the admin set them at <c>/nines/quotas/&lt;tenant&gt;</c>: a field left null takes its
/// default (<see cref="QuotaDefaults"/>), so a fresh install needs no quota record at all.
/// </summary>
/// <param name="Vms">VMs and OS-level instances over all of the tenant's deployments.</param>
/// <param name="Vcpus">vCPUs over all of them (a VM that names none counts as 1).</param>
/// <param name="MemoryMiB">Memory in MiB over all of them (a VM that names none counts as the mapping's default, 128 MiB).</param>
/// <param name="Deployments">Deployments not being undeployed.</param>
/// <param name="Vlans">Networks over all deployments: each may be given a VLAN of the cross-host pool when it spans hosts.</param>
/// <param name="ImageBytes">Bytes of the tenant's image library (<c>PUT /v1/images/{name}</c>).</param>
/// <param name="SchedFifo">Whether VMs may ask for SCHED_FIFO (<c>qos.realTimePriority</c>); null: only when an admin token deploys.</param>
public sealed record TenantQuota(
    int? Vms = null,
    int? Vcpus = null,
    long? MemoryMiB = null,
    int? Deployments = null,
    int? Vlans = null,
    long? ImageBytes = null,
    bool? SchedFifo = null)
{
    /// <summary>No record: every field at its default.</summary>
    public static TenantQuota Default { get; } = new();

    /// <summary>This record with the fields <paramref name="change"/> sets replacing this record's (null fields of <paramref name="change"/> keep these).</summary>
    public TenantQuota With(TenantQuota change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return new TenantQuota(
            change.Vms ?? Vms,
            change.Vcpus ?? Vcpus,
            change.MemoryMiB ?? MemoryMiB,
            change.Deployments ?? Deployments,
            change.Vlans ?? Vlans,
            change.ImageBytes ?? ImageBytes,
            change.SchedFifo ?? SchedFifo);
    }

    /// <summary>The limits in force: each field set here, else its default.</summary>
    public QuotaLimits Limits => new(
        Vms ?? QuotaDefaults.Vms,
        Vcpus ?? QuotaDefaults.Vcpus,
        MemoryMiB ?? QuotaDefaults.MemoryMiB,
        Deployments ?? QuotaDefaults.Deployments,
        Vlans ?? QuotaDefaults.Vlans,
        ImageBytes ?? QuotaDefaults.ImageBytes);
}

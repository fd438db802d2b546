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

/// <summary>The numeric limits in force for a tenant (every field resolved).</summary>
public sealed record QuotaLimits(int Vms, int Vcpus, long MemoryMiB, int Deployments, int Vlans, long ImageBytes);

/// <summary>
/// The limits of a tenant without a quota record: generous for a lab (the README's examples and the test scenarios fit
/// many times over) but finite, so one tenant cannot take a host or the VLAN pool.
/// </summary>
public static class QuotaDefaults
{
    public const int Vms = 64;
    public const int Vcpus = 128;
    public const long MemoryMiB = 256L * 1024;
    public const int Deployments = 32;
    public const int Vlans = 64;
    public const long ImageBytes = 50L * 1024 * 1024 * 1024;

    /// <summary>The largest value any count limit may be set to (a sanity bound, not a policy).</summary>
    public const int MaxCount = 1_000_000;

    /// <summary>The largest memory limit that may be set: 1 PiB in MiB.</summary>
    public const long MaxMemoryMiB = 1L << 30;

    /// <summary>The largest image-bytes limit that may be set: 1 PiB.</summary>
    public const long MaxImageBytes = 1L << 50;
}

using Nines.Domain.Scenarios;

namespace Nines.Controller.Quotas;

/// <summary>
/// Admission against a tenant's quota, as pure functions of what the tenant uses and what a request asks: every quota
/// the request would break, all at once (empty: admitted).
/// </summary>
public static class QuotaPolicy
{
    /// <summary>
    /// A deployment (new, changed or revived) of <paramref name="scenario"/> asking for <paramref name="requested"/>,
    /// while the tenant's other deployments use <paramref name="others"/> and this one uses <paramref name="current"/>
    /// (zero when new or being undeployed). A resource the change does not grow is never refused, so a quota lowered
    /// below what a tenant uses stops growth without blocking changes that shrink or keep it. SCHED_FIFO is refused
    /// unless the quota allows it, or leaves it unset and <paramref name="callerIsAdmin"/>.
    /// </summary>
    public static IReadOnlyList<QuotaViolation> CheckDeployment(
        string tenant, TenantQuota quota, QuotaUsage others, QuotaUsage current, QuotaUsage requested, Scenario? scenario, bool callerIsAdmin)
    {
        ArgumentNullException.ThrowIfNull(quota);
        ArgumentNullException.ThrowIfNull(others);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(requested);
        var limits = quota.Limits;
        var violations = new List<QuotaViolation>();
        Count(violations, tenant, "vms", "VMs", limits.Vms, others.Vms, current.Vms, requested.Vms);
        Count(violations, tenant, "vcpus", "vCPUs", limits.Vcpus, others.Vcpus, current.Vcpus, requested.Vcpus);
        Count(violations, tenant, "memoryMiB", "MiB of memory", limits.MemoryMiB, others.MemoryMiB, current.MemoryMiB, requested.MemoryMiB);
        Count(violations, tenant, "deployments", "deployments", limits.Deployments, others.Deployments, current.Deployments, requested.Deployments);
        Count(violations, tenant, "vlans", "networks (VLANs)", limits.Vlans, others.Vlans, current.Vlans, requested.Vlans);
        if (scenario is not null && !(quota.SchedFifo ?? callerIsAdmin))
        {
            var realTime = scenario.EffectiveVms.Where(v => v.Qos?.RealTimePriority is not null).Select(v => v.Name).ToList();
            if (realTime.Count > 0)
            {
                violations.Add(new QuotaViolation(
                    "scenario",
                    "schedFifo",
                    0,
                    0,
                    realTime.Count,
                    $"quota schedFifo: tenant \"{tenant}\" may not use SCHED_FIFO (qos.realTimePriority) but {Names(realTime)} ask for it (an admin allows it with: nines tenant quota set {tenant} --sched-fifo allow)"));
            }
        }

        return violations;
    }

    /// <summary>
    /// A run-time change of one VM's memory limit to <paramref name="memoryLimitMiB"/> and CPU cap to
    /// <paramref name="cpuQuotaPercent"/> (either null: unchanged). The VM counts <paramref name="vmMemoryMiB"/> in
    /// <paramref name="usage"/> (the tenant's whole use); its new limit replaces that. Both are bounded by the quota and
    /// by the host (<paramref name="hostMemoryMiB"/> 0 and <paramref name="hostVcpus"/> null: unbounded).
    /// </summary>
    public static IReadOnlyList<QuotaViolation> CheckResize(
        string tenant, TenantQuota quota, QuotaUsage usage, long vmMemoryMiB, long? memoryLimitMiB, int? cpuQuotaPercent, long hostMemoryMiB, int? hostVcpus)
    {
        ArgumentNullException.ThrowIfNull(quota);
        ArgumentNullException.ThrowIfNull(usage);
        var limits = quota.Limits;
        var violations = new List<QuotaViolation>();
        if (memoryLimitMiB is { } memory)
        {
            var others = Math.Max(usage.MemoryMiB - vmMemoryMiB, 0);
            if (others + memory > limits.MemoryMiB)
            {
                violations.Add(new QuotaViolation(
                    "memoryLimitMiB",
                    "memoryMiB",
                    limits.MemoryMiB,
                    others,
                    memory,
                    $"quota memoryMiB: tenant \"{tenant}\" may use {limits.MemoryMiB} MiB; its other VMs use {others} MiB, so this VM may have at most {Math.Max(limits.MemoryMiB - others, 0)} MiB, not {memory}"));
            }

            if (hostMemoryMiB > 0 && memory > hostMemoryMiB)
            {
                violations.Add(new QuotaViolation(
                    "memoryLimitMiB",
                    "hostMemory",
                    hostMemoryMiB,
                    0,
                    memory,
                    $"host capacity: the VM's host offers {hostMemoryMiB} MiB, less than the {memory} MiB asked for"));
            }
        }

        if (cpuQuotaPercent is { } percent and > 0)
        {
            if (percent > limits.Vcpus * 100L)
            {
                violations.Add(new QuotaViolation(
                    "cpuQuotaPercent",
                    "vcpus",
                    limits.Vcpus * 100L,
                    0,
                    percent,
                    $"quota vcpus: tenant \"{tenant}\" may use {limits.Vcpus} vCPUs, so a VM's CPU cap may be at most {limits.Vcpus * 100L}%, not {percent}%"));
            }

            if (hostVcpus is { } cpus && percent > cpus * 100L)
            {
                violations.Add(new QuotaViolation(
                    "cpuQuotaPercent",
                    "hostVcpus",
                    cpus * 100L,
                    0,
                    percent,
                    $"host capacity: the VM's host runs {cpus} vCPUs, so its CPU cap may be at most {cpus * 100L}%, not {percent}%"));
            }
        }

        return violations;
    }

    /// <summary>An upload that would bring the tenant's image library from <paramref name="used"/> to more than its quota.</summary>
    public static QuotaViolation? CheckImageBytes(string tenant, TenantQuota quota, long used, long requested)
    {
        ArgumentNullException.ThrowIfNull(quota);
        var limit = quota.Limits.ImageBytes;
        return used + requested <= limit
            ? null
            : new QuotaViolation(
                "body",
                "imageBytes",
                limit,
                used,
                requested,
                $"quota imageBytes: tenant \"{tenant}\" may keep {limit} bytes of images and uses {used}; this image has at least {requested} (delete images, or an admin raises it: nines tenant quota set {tenant} --image-bytes SIZE)");
    }

    private static void Count(List<QuotaViolation> violations, string tenant, string rule, string unit, long limit, long others, long current, long requested)
    {
        if (requested > current && others + requested > limit)
        {
            violations.Add(new QuotaViolation(
                "scenario",
                rule,
                limit,
                others,
                requested,
                $"quota {rule}: tenant \"{tenant}\" may use {limit} {unit} and uses {others} without this deployment, which asks for {requested} ({others + requested} > {limit})"));
        }
    }

    private static string Names(List<string> vms) =>
        vms.Count <= 5 ? $"vm {string.Join(", ", vms)}" : $"vm {string.Join(", ", vms.Take(5))} and {vms.Count - 5} more";
}

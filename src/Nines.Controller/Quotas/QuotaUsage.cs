using Nines.Domain.Scenarios;

namespace Nines.Controller.Quotas;

/// <summary>What a tenant uses (or a deployment asks for), in the units of <see cref="QuotaLimits"/>.</summary>
public sealed record QuotaUsage(long Vms, long Vcpus, long MemoryMiB, long Deployments, long Vlans, long ImageBytes)
{
    /// <summary>Nothing.</summary>
    public static QuotaUsage Zero { get; } = new(0, 0, 0, 0, 0, 0);

    /// <summary>
    /// What one deployment of <paramref name="scenario"/> counts: one deployment, its VMs, their vCPUs and memory (the
    /// defaults for VMs that name none, as the mapper gives them) and one VLAN per network. A deployment whose stored
    /// scenario does not parse (null) counts as one deployment only.
    /// </summary>
    public static QuotaUsage Of(Scenario? scenario, long defaultMemoryMiB, int defaultVcpus)
    {
        if (scenario is null)
        {
            return Zero with { Deployments = 1 };
        }

        var vms = scenario.EffectiveVms.ToList();
        return new QuotaUsage(
            vms.Count,
            vms.Sum(v => (long)Math.Max(v.Vcpus ?? defaultVcpus, 0)),
            vms.Sum(v => Math.Max(v.MemoryMiB ?? defaultMemoryMiB, 0)),
            1,
            scenario.Networks.Count,
            0);
    }

    public static QuotaUsage operator +(QuotaUsage left, QuotaUsage right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return new QuotaUsage(
            left.Vms + right.Vms,
            left.Vcpus + right.Vcpus,
            left.MemoryMiB + right.MemoryMiB,
            left.Deployments + right.Deployments,
            left.Vlans + right.Vlans,
            left.ImageBytes + right.ImageBytes);
    }

    /// <summary>The same as <c>+</c>, for languages without operators.</summary>
    public static QuotaUsage Add(QuotaUsage left, QuotaUsage right) => left + right;
}

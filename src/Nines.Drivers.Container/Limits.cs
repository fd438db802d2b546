using Nines.Drivers.Container.Cgroups;

namespace Nines.Drivers.Container;

/// <summary>An instance's resource limits, resolved: memory defaults to the definition's memory.</summary>
internal sealed record Limits(int? CpuShares, int? CpuQuotaPercent, string? CpuPinning, long MemoryLimitMiB, int? PidsLimit)
{
    public static Limits From(VmDefinition definition) => new(
        definition.Qos?.CpuShares,
        definition.Qos?.CpuQuotaPercent,
        definition.Qos?.CpuPinning,
        definition.Qos?.MemoryLimitMiB ?? definition.MemoryMiB,
        definition.Container?.PidsLimit);

    public Limits With(QosChange change) => new(
        change.CpuShares ?? CpuShares,
        change.CpuQuotaPercent ?? CpuQuotaPercent,
        change.CpuPinning ?? CpuPinning,
        change.MemoryLimitMiB ?? MemoryLimitMiB,
        change.PidsLimit ?? PidsLimit);

    /// <summary>Writes every limit that is set into <paramref name="cgroup"/>; no pids limit means <paramref name="defaultPidsLimit"/>.</summary>
    public void ApplyTo(InstanceCgroup cgroup, int defaultPidsLimit)
    {
        if (CpuShares is { } shares)
        {
            cgroup.SetCpuShares(shares);
        }

        cgroup.SetCpuQuota(CpuQuotaPercent ?? 0);
        if (CpuPinning is { } cpus)
        {
            cgroup.SetCpuPinning(cpus);
        }

        cgroup.SetMemoryLimit(MemoryLimitMiB * 1024 * 1024);
        cgroup.SetPidsLimit(PidsLimit ?? defaultPidsLimit);
        cgroup.WeighParent();
    }
}

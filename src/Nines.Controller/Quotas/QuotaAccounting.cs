namespace Nines.Controller.Quotas;

/// <summary>
/// How a VM that names no size counts: as the mapper will run it (<see cref="Drivers.Mapping.VmMappingOptions"/>'s
/// defaults), so what a quota counts is what hosts give.
/// </summary>
public sealed record QuotaAccounting(long DefaultMemoryMiB = 128, int DefaultVcpus = 1)
{
    /// <summary>The mapper's defaults (128 MiB, 1 vCPU).</summary>
    public static QuotaAccounting Default { get; } = new();
}

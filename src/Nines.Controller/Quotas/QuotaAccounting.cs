using Nines.Controller.Repositories;

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

/// <summary>
/// The answer of an admission: the deployment as stored, or (<see cref="Stored"/> null) every quota it would break.
/// </summary>
public sealed record QuotaAdmission(StoredDeployment? Stored, IReadOnlyList<QuotaViolation> Violations);

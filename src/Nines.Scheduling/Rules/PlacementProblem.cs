using Nines.Domain.Diagnostics;

namespace Nines.Scheduling.Rules;

/// <summary>
/// A placement request with its rules resolved, in indexed arrays so partitioners never look names up:
/// VMs and hosts become indices, hard affinity turns VMs into <em>units</em> (groups placed as one), hard
/// pins become a unit's fixed host, hard anti-affinity becomes rule ids per unit, and soft rules become
/// preferences. Built by <see cref="RuleResolver"/>; read-only afterwards.
/// </summary>
internal sealed class PlacementProblem
{
    public const long Unlimited = long.MaxValue;

    public required string ScenarioName { get; init; }

    /// <summary>Every VM of the scenario, in document order (VMs not to be placed are listed but have no unit).</summary>
    public required string[] VmNames { get; init; }

    public required long[] VmMemoryMiB { get; init; }

    public required int[] VmVcpus { get; init; }

    /// <summary>The unit of each VM, or -1 for VMs outside <see cref="PlacementRequest.VmsToPlace"/>.</summary>
    public required int[] UnitOfVm { get; init; }

    public required string[] HostNames { get; init; }

    /// <summary>Memory for VMs per host; <see cref="Unlimited"/> when the cluster gives none.</summary>
    public required long[] HostMemoryMiB { get; init; }

    public required long[] HostVcpus { get; init; }

    public required long[] HostMaxVms { get; init; }

    /// <summary>CPU speed × (1 − load), the weighted round robin share.</summary>
    public required double[] HostWeight { get; init; }

    public required PlacementUnit[] Units { get; init; }

    /// <summary>Hard anti-affinity rules: the distinct units each keeps apart, and its VMs for messages.</summary>
    public required AntiAffinitySet[] AntiAffinity { get; init; }

    /// <summary>Soft anti-affinity rules, as preferences.</summary>
    public required AntiAffinitySet[] SoftAntiAffinity { get; init; }

    /// <summary>Soft rules with their resolved VMs, checked against the result for warnings.</summary>
    public required ResolvedRule[] SoftRules { get; init; }

    public required IReadOnlyList<Diagnostic> Diagnostics { get; init; }

    public bool HasErrors { get; init; }

    public int HostCount => HostNames.Length;

    /// <summary>The smallest memory and vCPU demand of any unit: a host with less free can take nothing more.</summary>
    public long MinUnitMemoryMiB { get; init; }

    public long MinUnitVcpus { get; init; }

    public SourceLocation ScenarioLocation => SourceLocation.OfFile(ScenarioName);
}

using Nines.Domain;
using Nines.Domain.Diagnostics;

namespace Nines.Scheduling;

/// <summary>
/// What a partitioner decided: placements in the scenario's VM order, the VMs left unplaced with their
/// reasons, and diagnostics (rule conflicts as errors, broken soft rules as warnings).
/// </summary>
public sealed record Allocation(
    ValueList<VmPlacement> Placements,
    ValueList<UnplacedVm> Unplaced = default,
    ValueList<Diagnostic> Diagnostics = default)
{
    public string? HostOf(string vm) => Placements.FirstOrDefault(p => p.Vm == vm)?.Host;
}

using Nines.Domain;
using Nines.Domain.Diagnostics;

namespace Nines.Scheduling;

/// <summary>One VM on one host.</summary>
public sealed record VmPlacement(string Vm, string Host);

/// <summary>A VM that could not be placed, and why (naming the rule or capacity at fault).</summary>
public sealed record UnplacedVm(string Vm, string Reason);

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

/// <summary>The VLAN that carries a network between the hosts its VMs landed on.</summary>
public sealed record VlanAssignment(string Network, int Vlan, ValueList<string> Hosts);

/// <summary>A complete deployment plan: the allocation, the algorithm that made it, and the cross-host VLANs.</summary>
public sealed record DeploymentPlan(
    string Algorithm,
    Allocation Allocation,
    ValueList<VlanAssignment> Vlans,
    ValueList<Diagnostic> Diagnostics)
{
    public bool Succeeded => !Diagnostics.Any(d => d.IsError);
}

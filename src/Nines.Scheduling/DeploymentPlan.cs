using Nines.Domain;
using Nines.Domain.Diagnostics;

namespace Nines.Scheduling;

/// <summary>A complete deployment plan: the allocation, the algorithm that made it, and the cross-host VLANs.</summary>
public sealed record DeploymentPlan(
    string Algorithm,
    Allocation Allocation,
    ValueList<VlanAssignment> Vlans,
    ValueList<Diagnostic> Diagnostics)
{
    public bool Succeeded => !Diagnostics.Any(d => d.IsError);
}

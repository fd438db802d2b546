using Nines.Domain;
using Nines.Domain.Diagnostics;
using Nines.Scheduling.Partitioning;
using Nines.Scheduling.Rules;

namespace Nines.Scheduling;

/// <summary>
/// Makes a deployment plan: rules → partitioner → VLANs, with every diagnostic of the three steps
/// collected together. Pure: the same request always gives the same plan.
/// </summary>
public static class Planner
{
    /// <summary>
    /// Plans <paramref name="request"/> with <paramref name="algorithm"/>, else the cluster's default
    /// algorithm, else <see cref="Partitioners.DefaultName"/>.
    /// </summary>
    public static DeploymentPlan Plan(PlacementRequest request, string? algorithm = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var name = algorithm ?? request.Cluster.DefaultAlgorithm ?? Partitioners.DefaultName;
        var problem = RuleResolver.Resolve(request);
        if (Partitioners.Find(name) is not PartitionerBase partitioner)
        {
            var unknown = Diagnostic.Error(SchedulingDiagnosticCodes.UnknownAlgorithm, problem.ScenarioLocation, "algorithm",
                $"unknown partitioning algorithm \"{name}\" (expected one of {string.Join(", ", Partitioners.Names)})");
            var rejected = AllocationBuilder.Rejected(problem, $"not placed: unknown partitioning algorithm \"{name}\"");
            return new DeploymentPlan(name, rejected, ValueList<VlanAssignment>.Empty, rejected.Diagnostics.Add(unknown));
        }

        var allocation = partitioner.Place(problem, request.Mode);
        var vlans = VlanAllocator.Allocate(request.Scenario, request.Cluster, allocation, request.VlansInUse);
        return new DeploymentPlan(partitioner.Name, allocation, vlans.Assignments,
            ValueList.From(allocation.Diagnostics.Concat(vlans.Diagnostics)));
    }
}

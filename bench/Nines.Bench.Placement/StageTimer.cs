using System.Diagnostics;
using Nines.Scheduling;
using Nines.Scheduling.Partitioning;
using Nines.Scheduling.Rules;

namespace Nines.Bench.Placement;

/// <summary>Times the planner's three stages separately, to show where the time goes.</summary>
internal static class StageTimer
{
    public static (double Rules, double Placement, double Vlans) Measure(PlacementRequest request)
    {
        var clock = Stopwatch.StartNew();
        var problem = RuleResolver.Resolve(request);
        var rules = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        var allocation = ((PartitionerBase)Partitioners.Find("Balanced")!).Place(problem, request.Mode);
        var placement = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        VlanAllocator.Allocate(request.Scenario, request.Cluster, allocation);
        return (rules, placement, clock.Elapsed.TotalMilliseconds);
    }
}

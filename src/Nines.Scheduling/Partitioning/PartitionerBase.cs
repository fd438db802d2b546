using Nines.Scheduling.Rules;

namespace Nines.Scheduling.Partitioning;

/// <summary>
/// What every partitioner does the same way: resolve the rules, place pinned units on their host, try each
/// remaining unit's soft preferences (soft pins, then the hosts of its soft-affinity mates), and only then
/// ask the algorithm's <see cref="IPlacementStrategy"/>. Units go in document order of their first VM.
/// </summary>
internal abstract class PartitionerBase : IPartitioner
{
    public abstract string Name { get; }

    /// <summary>Whether memory, vCPUs and max_vms limit placement (EDIV's round robins ignore them).</summary>
    protected abstract bool RespectsCapacity { get; }

    public Allocation Partition(PlacementRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Place(RuleResolver.Resolve(request), request.Mode);
    }

    /// <summary>Places an already resolved problem (the planner resolves once and reuses it).</summary>
    internal Allocation Place(PlacementProblem problem, PackingMode mode)
    {
        if (problem.HasErrors)
        {
            return AllocationBuilder.Rejected(problem, "not placed: the placement rules have errors");
        }

        var state = new PlacementState(problem, RespectsCapacity);
        var units = problem.Units;
        for (var unit = 0; unit < units.Length; unit++)
        {
            var host = units[unit].PinnedHost;
            if (host < 0)
            {
                continue;
            }

            if (!RespectsCapacity || state.Fits(unit, host))
            {
                state.Assign(unit, host);
            }
            else
            {
                state.Failure[unit] = UnplacedReasons.ForPinned(state, unit);
            }
        }

        var strategy = CreateStrategy(state, mode);
        for (var unit = 0; unit < units.Length; unit++)
        {
            if (units[unit].PinnedHost >= 0)
            {
                continue;
            }

            var host = Preferred(state, unit);
            if (host < 0)
            {
                host = strategy.Choose(unit);
            }

            if (host >= 0)
            {
                state.Assign(unit, host);
                strategy.Assigned(unit, host);
            }
            else
            {
                state.Failure[unit] = UnplacedReasons.Explain(state, unit);
            }
        }

        return AllocationBuilder.Build(problem, state);
    }

    protected abstract IPlacementStrategy CreateStrategy(PlacementState state, PackingMode mode);

    /// <summary>The first soft-preferred host that every hard rule and soft anti-affinity allow, or -1.</summary>
    private static int Preferred(PlacementState state, int unit)
    {
        var demand = state.Problem.Units[unit];
        foreach (var host in demand.SoftHosts ?? [])
        {
            if (state.Allows(unit, host) && state.SoftAntiAffinityAllows(unit, host))
            {
                return host;
            }
        }

        foreach (var mate in demand.SoftMates ?? [])
        {
            var host = state.HostOfUnit[mate];
            if (host >= 0 && state.Allows(unit, host) && state.SoftAntiAffinityAllows(unit, host))
            {
                return host;
            }
        }

        return -1;
    }
}

using Nines.Scheduling.Rules;

namespace Nines.Scheduling.Partitioning;

/// <summary>
/// Says precisely why a unit found no host: which constraint ran out, and by how much. Only called for
/// failures, so it can afford a full scan of the hosts.
/// </summary>
internal static class UnplacedReasons
{
    /// <summary>For a unit no host took: anti-affinity first, then max_vms, vCPUs and memory.</summary>
    public static string Explain(PlacementState state, int unit)
    {
        var problem = state.Problem;
        var demand = problem.Units[unit];
        var allowed = Enumerable.Range(0, problem.HostCount).Where(h => state.AntiAffinityAllows(unit, h)).ToList();
        var excludedBy = new List<string>();
        if (allowed.Count == 0)
        {
            return $"{Subject(problem, unit)}anti-affinity with {Join(PlacedAntiAffinityMates(state, unit))} leaves no host";
        }

        if (allowed.Count < problem.HostCount)
        {
            excludedBy.Add("anti-affinity");
        }

        var withRoom = allowed.Where(h => demand.Vms.Length <= problem.HostMaxVms[h] - state.VmCount[h]).ToList();
        if (withRoom.Count == 0)
        {
            return $"{Subject(problem, unit)}max_vms reached on all hosts{Qualifier(excludedBy, "that ", " allows")}";
        }

        if (withRoom.Count < allowed.Count)
        {
            excludedBy.Add("max_vms");
        }

        var withVcpus = withRoom.Where(h => demand.Vcpus <= problem.HostVcpus[h] - state.VcpusUsed[h]).ToList();
        if (withVcpus.Count == 0)
        {
            var most = withRoom.Max(h => problem.HostVcpus[h] - state.VcpusUsed[h]);
            return $"{Subject(problem, unit)}needs {demand.Vcpus} vCPUs, most free on any host{Qualifier(excludedBy, "that ", " allows")} is {most}";
        }

        if (withVcpus.Count < withRoom.Count)
        {
            excludedBy.Add("vCPUs");
        }

        var largest = withVcpus.Max(h => problem.HostMemoryMiB[h] - state.MemoryUsed[h]);
        return largest < demand.MemoryMiB
            ? $"{Subject(problem, unit)}needs {demand.MemoryMiB} MiB, largest free on any host{Qualifier(excludedBy, "that ", " allows")} is {largest} MiB"
            : $"{Subject(problem, unit)}found no host";
    }

    /// <summary>For a pinned unit its host cannot take.</summary>
    public static string ForPinned(PlacementState state, int unit)
    {
        var problem = state.Problem;
        var demand = problem.Units[unit];
        var host = demand.PinnedHost;
        var name = problem.HostNames[host];
        var why = demand.Vms.Length > problem.HostMaxVms[host] - state.VmCount[host]
            ? $"{name} already runs {state.VmCount[host]} of its max_vms {problem.HostMaxVms[host]}"
            : demand.Vcpus > problem.HostVcpus[host] - state.VcpusUsed[host]
                ? $"{name} has {problem.HostVcpus[host] - state.VcpusUsed[host]} vCPUs free (needs {demand.Vcpus})"
                : $"{name} has {problem.HostMemoryMiB[host] - state.MemoryUsed[host]} MiB free (needs {demand.MemoryMiB} MiB)";
        return $"{Subject(problem, unit)}pinned to {name} by {demand.PinnedBy}, but {why}";
    }

    /// <summary>Names the affinity group when the unit is one, since the group's total is what did not fit.</summary>
    private static string Subject(PlacementProblem problem, int unit)
    {
        var vms = problem.Units[unit].Vms;
        return vms.Length == 1 ? string.Empty : $"its affinity group ({Join(vms.Select(vm => problem.VmNames[vm]))}) ";
    }

    private static IEnumerable<string> PlacedAntiAffinityMates(PlacementState state, int unit)
    {
        var problem = state.Problem;
        return problem.Units[unit].AntiAffinity
            .SelectMany(set => problem.AntiAffinity[set].Vms)
            .Where(vm => problem.UnitOfVm[vm] != unit && state.HostOfUnit[problem.UnitOfVm[vm]] >= 0)
            .Distinct()
            .Select(vm => problem.VmNames[vm]);
    }

    private static string Qualifier(List<string> excludedBy, string before, string after) =>
        excludedBy.Count == 0
            ? string.Empty
            : $" {before}{string.Join(" and ", excludedBy)}{(excludedBy.Count == 1 ? after : after[..^1])}";

    private static string Join(IEnumerable<string> names) => string.Join(", ", names);
}

using Nines.Scheduling.Rules;

namespace Nines.Scheduling.Partitioning;

/// <summary>
/// The hosts' usage while a partitioner runs, and the checks every partitioner shares: anti-affinity (hard
/// and soft) and, for capacity-aware ones, memory, vCPUs and max_vms. Arrays indexed by host and unit, and
/// a hash set of (rule, host) pairs, keep every check O(rules of the unit).
/// </summary>
internal sealed class PlacementState
{
    private readonly HashSet<long> _antiAffinityHosts = [];
    private readonly HashSet<long> _softAntiAffinityHosts = [];

    public PlacementState(PlacementProblem problem, bool respectsCapacity)
    {
        Problem = problem;
        RespectsCapacity = respectsCapacity;
        MemoryUsed = new long[problem.HostCount];
        VcpusUsed = new long[problem.HostCount];
        VmCount = new long[problem.HostCount];
        HostOfUnit = new int[problem.Units.Length];
        Array.Fill(HostOfUnit, -1);
        Failure = new string?[problem.Units.Length];
    }

    public PlacementProblem Problem { get; }

    public bool RespectsCapacity { get; }

    public long[] MemoryUsed { get; }

    public long[] VcpusUsed { get; }

    public long[] VmCount { get; }

    /// <summary>The host of each unit, -1 while (or when) unplaced.</summary>
    public int[] HostOfUnit { get; }

    /// <summary>Why each unplaced unit could not be placed.</summary>
    public string?[] Failure { get; }

    public bool AntiAffinityAllows(int unit, int host)
    {
        foreach (var set in Problem.Units[unit].AntiAffinity)
        {
            if (_antiAffinityHosts.Contains(Key(set, host)))
            {
                return false;
            }
        }

        return true;
    }

    public bool SoftAntiAffinityAllows(int unit, int host)
    {
        foreach (var set in Problem.Units[unit].SoftAntiAffinity)
        {
            if (_softAntiAffinityHosts.Contains(Key(set, host)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether the host has the memory, vCPUs and VM slots the unit needs.</summary>
    public bool Fits(int unit, int host)
    {
        var demand = Problem.Units[unit];
        return demand.MemoryMiB <= Problem.HostMemoryMiB[host] - MemoryUsed[host]
            && demand.Vcpus <= Problem.HostVcpus[host] - VcpusUsed[host]
            && demand.Vms.Length <= Problem.HostMaxVms[host] - VmCount[host];
    }

    /// <summary>Every hard constraint: anti-affinity always, capacity when the partitioner respects it.</summary>
    public bool Allows(int unit, int host) => AntiAffinityAllows(unit, host) && (!RespectsCapacity || Fits(unit, host));

    /// <summary>Whether the host can take no unit left at all, so a search can drop it for good.</summary>
    public bool IsFull(int host) =>
        RespectsCapacity && (VmCount[host] >= Problem.HostMaxVms[host]
            || Problem.HostVcpus[host] - VcpusUsed[host] < Problem.MinUnitVcpus
            || Problem.HostMemoryMiB[host] - MemoryUsed[host] < Problem.MinUnitMemoryMiB);

    public void Assign(int unit, int host)
    {
        var demand = Problem.Units[unit];
        HostOfUnit[unit] = host;
        MemoryUsed[host] += demand.MemoryMiB;
        VcpusUsed[host] += demand.Vcpus;
        VmCount[host] += demand.Vms.Length;
        foreach (var set in demand.AntiAffinity)
        {
            _antiAffinityHosts.Add(Key(set, host));
        }

        foreach (var set in demand.SoftAntiAffinity)
        {
            _softAntiAffinityHosts.Add(Key(set, host));
        }
    }

    private long Key(int set, int host) => ((long)set * Problem.HostCount) + host;
}

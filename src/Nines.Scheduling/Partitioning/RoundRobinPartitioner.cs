namespace Nines.Scheduling.Partitioning;

/// <summary>
/// EDIV's RoundRobin: the VMs to place, in document order, go to host i mod N; pinned VMs keep their host
/// and take no turn. Memory, vCPUs and max_vms are ignored, as in EDIV. An affinity group takes one turn.
/// When the host whose turn it is would break anti-affinity, the next host in order that does not takes the
/// VM, and the turns continue after that host.
/// </summary>
internal sealed class RoundRobinPartitioner : PartitionerBase
{
    public override string Name => "RoundRobin";

    protected override bool RespectsCapacity => false;

    protected override IPlacementStrategy CreateStrategy(PlacementState state, PackingMode mode) => new Strategy(state);

    private sealed class Strategy(PlacementState state) : IPlacementStrategy
    {
        private int _next;

        public int Choose(int unit) => Cyclic.FirstAllowed(state, unit, _next, _ => true);

        public void Assigned(int unit, int host) => _next = (host + 1) % state.Problem.HostCount;
    }
}

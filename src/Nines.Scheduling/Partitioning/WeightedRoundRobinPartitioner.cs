namespace Nines.Scheduling.Partitioning;

/// <summary>
/// Weighted round robin: each host's share of the VMs to place is proportional to CPU speed × (1 − load),
/// rounded by largest remainder (ties: the heavier host, then the earlier one). Hosts then take VMs in
/// round-robin order while they have quota left. A fully loaded host has weight 0 and so gets none while
/// others have capacity; when every host has weight 0 they share equally. Like EDIV it ignores memory,
/// vCPUs and max_vms. Anti-affinity skips to the next host with quota; when none has quota left, any host
/// that anti-affinity allows takes the VM. An affinity group takes its size from the host's quota.
/// </summary>
internal sealed class WeightedRoundRobinPartitioner : PartitionerBase
{
    public override string Name => "WeightedRoundRobin";

    protected override bool RespectsCapacity => false;

    protected override IPlacementStrategy CreateStrategy(PlacementState state, PackingMode mode) => new Strategy(state);

    /// <summary>Largest-remainder apportionment of <paramref name="total"/> by <paramref name="weights"/>.</summary>
    internal static long[] Quotas(IReadOnlyList<double> weights, long total)
    {
        var count = weights.Count;
        var sum = weights.Sum();
        var effective = sum > 0 ? weights : [.. Enumerable.Repeat(1d, count)];
        sum = sum > 0 ? sum : count;
        var quotas = new long[count];
        var remainders = new double[count];
        long given = 0;
        for (var host = 0; host < count; host++)
        {
            var share = total * effective[host] / sum;
            quotas[host] = (long)Math.Floor(share);
            remainders[host] = share - quotas[host];
            given += quotas[host];
        }

        var order = Enumerable.Range(0, count)
            .OrderByDescending(h => remainders[h])
            .ThenByDescending(h => effective[h])
            .ThenBy(h => h);
        foreach (var host in order.Take((int)Math.Max(0, total - given)))
        {
            quotas[host]++;
        }

        return quotas;
    }

    private sealed class Strategy : IPlacementStrategy
    {
        private readonly PlacementState _state;
        private readonly long[] _quota;
        private int _next;

        public Strategy(PlacementState state)
        {
            _state = state;
            long toPlace = 0;
            foreach (var unit in state.Problem.Units)
            {
                toPlace += unit.PinnedHost < 0 ? unit.Vms.Length : 0;
            }

            _quota = Quotas(state.Problem.HostWeight, toPlace);
        }

        public int Choose(int unit)
        {
            var host = Cyclic.FirstAllowed(_state, unit, _next, h => _quota[h] > 0);
            return host >= 0 ? host : Cyclic.FirstAllowed(_state, unit, _next, _ => true);
        }

        public void Assigned(int unit, int host)
        {
            _quota[host] -= _state.Problem.Units[unit].Vms.Length;
            _next = (host + 1) % _quota.Length;
        }
    }
}

namespace Nines.Scheduling.Partitioning;

/// <summary>
/// The default partitioner. It respects memory (the VM's effective memory), vCPUs (a VM needs 1 unless it
/// says otherwise; a host without a vCPU count is unlimited) and max_vms (0 = unlimited), and either spreads
/// (least-loaded host first by fraction of memory in use; ties: fewer VMs, then the earlier host) or packs
/// (best fit: the host with the least free memory that fits; ties: the earlier host). Hosts sit in a heap or
/// a sorted set, so a placement costs O(log H) plus the hosts skipped because anti-affinity or capacity rule
/// them out for that VM; hosts that can take nothing more leave the search for good.
/// </summary>
internal sealed class BalancedPartitioner : PartitionerBase
{
    public override string Name => "Balanced";

    protected override bool RespectsCapacity => true;

    protected override IPlacementStrategy CreateStrategy(PlacementState state, PackingMode mode) =>
        mode == PackingMode.Pack ? new PackStrategy(state) : new SpreadStrategy(state);

    /// <summary>Least loaded first: a min-heap on the memory fraction in use.</summary>
    private sealed class SpreadStrategy : IPlacementStrategy
    {
        private readonly PlacementState _state;
        private readonly double[] _load;
        private readonly HostHeap _heap;
        private readonly List<int> _skipped = [];

        public SpreadStrategy(PlacementState state)
        {
            _state = state;
            var hosts = state.Problem.HostCount;
            _load = new double[hosts];
            _heap = new HostHeap(_load, state.VmCount);
            for (var host = 0; host < hosts; host++)
            {
                _load[host] = Load(host);
                if (!state.IsFull(host))
                {
                    _heap.Push(host);
                }
            }
        }

        public int Choose(int unit)
        {
            int chosen = -1, fallback = -1;
            _skipped.Clear();
            while (_heap.Count > 0)
            {
                var host = _heap.Pop();
                if (_state.IsFull(host))
                {
                    continue;
                }

                _skipped.Add(host);
                if (!_state.Allows(unit, host))
                {
                    continue;
                }

                if (_state.SoftAntiAffinityAllows(unit, host))
                {
                    chosen = host;
                    break;
                }

                fallback = fallback < 0 ? host : fallback;
            }

            foreach (var host in _skipped)
            {
                _heap.Push(host);
            }

            return chosen >= 0 ? chosen : fallback;
        }

        public void Assigned(int unit, int host)
        {
            _load[host] = Load(host);
            if (_heap.Contains(host))
            {
                if (_state.IsFull(host))
                {
                    _heap.Remove(host);
                }
                else
                {
                    _heap.Update(host);
                }
            }
        }

        private double Load(int host)
        {
            var capacity = _state.Problem.HostMemoryMiB[host];
            return capacity == Rules.PlacementProblem.Unlimited ? 0 : (double)_state.MemoryUsed[host] / capacity;
        }
    }

    /// <summary>Best fit: hosts ordered by free memory, searched from the smallest that fits.</summary>
    private sealed class PackStrategy : IPlacementStrategy
    {
        private readonly PlacementState _state;
        private readonly SortedSet<(long Free, int Host)> _byFree = [];
        private readonly long[] _free;
        private readonly List<int> _full = [];

        public PackStrategy(PlacementState state)
        {
            _state = state;
            _free = new long[state.Problem.HostCount];
            for (var host = 0; host < _free.Length; host++)
            {
                _free[host] = Free(host);
                if (!state.IsFull(host))
                {
                    _byFree.Add((_free[host], host));
                }
            }
        }

        public int Choose(int unit)
        {
            int chosen = -1, fallback = -1;
            _full.Clear();
            var need = _state.Problem.Units[unit].MemoryMiB;
            foreach (var (_, host) in _byFree.GetViewBetween((need, -1), (long.MaxValue, int.MaxValue)))
            {
                if (_state.IsFull(host))
                {
                    _full.Add(host);
                    continue;
                }

                if (!_state.Allows(unit, host))
                {
                    continue;
                }

                if (_state.SoftAntiAffinityAllows(unit, host))
                {
                    chosen = host;
                    break;
                }

                fallback = fallback < 0 ? host : fallback;
            }

            foreach (var host in _full)
            {
                _byFree.Remove((_free[host], host));
            }

            return chosen >= 0 ? chosen : fallback;
        }

        public void Assigned(int unit, int host)
        {
            var wasListed = _byFree.Remove((_free[host], host));
            _free[host] = Free(host);
            if (wasListed && !_state.IsFull(host))
            {
                _byFree.Add((_free[host], host));
            }
        }

        private long Free(int host)
        {
            var capacity = _state.Problem.HostMemoryMiB[host];
            return capacity == Rules.PlacementProblem.Unlimited ? long.MaxValue : capacity - _state.MemoryUsed[host];
        }
    }
}

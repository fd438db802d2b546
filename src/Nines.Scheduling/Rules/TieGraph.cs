namespace Nines.Scheduling.Rules;

/// <summary>
/// Which rule tied which two VMs together. Union-find alone forgets why two VMs share a group; conflict
/// messages must name every rule on the way from one pinned VM to the other, so the edges are kept and
/// searched (breadth first, shortest chain) only when a conflict is reported.
/// </summary>
internal sealed class TieGraph
{
    private readonly List<Tie> _ties = [];

    public void Add(int from, int to, Citation citation) => _ties.Add(new Tie(from, to, citation));

    /// <summary>The ties leading from <paramref name="from"/> to <paramref name="to"/>, with <paramref name="extra"/> counted as one.</summary>
    public IReadOnlyList<Tie> Path(int from, int to, Tie? extra = null)
    {
        var adjacency = new Dictionary<int, List<Tie>>();
        foreach (var tie in extra is null ? _ties : _ties.Append(extra))
        {
            Link(adjacency, tie.From, tie);
            Link(adjacency, tie.To, tie);
        }

        var cameBy = new Dictionary<int, Tie?> { [from] = null };
        var queue = new Queue<int>();
        queue.Enqueue(from);
        while (queue.Count > 0 && !cameBy.ContainsKey(to))
        {
            var vm = queue.Dequeue();
            foreach (var tie in adjacency.GetValueOrDefault(vm) ?? [])
            {
                var next = tie.From == vm ? tie.To : tie.From;
                if (cameBy.TryAdd(next, tie))
                {
                    queue.Enqueue(next);
                }
            }
        }

        var path = new List<Tie>();
        for (var vm = to; cameBy.TryGetValue(vm, out var tie) && tie is not null;)
        {
            var previous = tie.From == vm ? tie.To : tie.From;
            path.Add(new Tie(previous, vm, tie.Citation));
            vm = previous;
        }

        path.Reverse();
        return path;
    }

    private static void Link(Dictionary<int, List<Tie>> adjacency, int vm, Tie tie)
    {
        if (!adjacency.TryGetValue(vm, out var list))
        {
            adjacency[vm] = list = [];
        }

        list.Add(tie);
    }
}

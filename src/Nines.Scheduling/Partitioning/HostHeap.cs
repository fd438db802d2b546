namespace Nines.Scheduling.Partitioning;

/// <summary>
/// A binary min-heap of host indices keyed by (load, VM count, index), with each host's position kept so a
/// host's key can change in O(log H). Keys live in arrays owned by the caller; call <see cref="Update"/>
/// after changing them.
/// </summary>
internal sealed class HostHeap
{
    private readonly double[] _load;
    private readonly long[] _vmCount;
    private readonly int[] _heap;
    private readonly int[] _position;

    public HostHeap(double[] load, long[] vmCount)
    {
        _load = load;
        _vmCount = vmCount;
        _heap = new int[load.Length];
        _position = new int[load.Length];
        Array.Fill(_position, -1);
    }

    public int Count { get; private set; }

    public bool Contains(int host) => _position[host] >= 0;

    public void Push(int host)
    {
        _heap[Count] = host;
        _position[host] = Count;
        Count++;
        Up(Count - 1);
    }

    public int Pop()
    {
        var top = _heap[0];
        RemoveAt(0);
        return top;
    }

    public void Remove(int host) => RemoveAt(_position[host]);

    /// <summary>Restores the heap order after <paramref name="host"/>'s key changed.</summary>
    public void Update(int host)
    {
        var index = _position[host];
        Up(index);
        Down(_position[host]);
    }

    private void RemoveAt(int index)
    {
        var removed = _heap[index];
        _position[removed] = -1;
        Count--;
        if (index == Count)
        {
            return;
        }

        var last = _heap[Count];
        _heap[index] = last;
        _position[last] = index;
        Up(index);
        Down(_position[last]);
    }

    private bool Less(int a, int b) =>
        _load[a] < _load[b] || (_load[a] == _load[b] && (_vmCount[a] < _vmCount[b] || (_vmCount[a] == _vmCount[b] && a < b)));

    private void Up(int index)
    {
        var host = _heap[index];
        while (index > 0)
        {
            var parent = (index - 1) >> 1;
            if (!Less(host, _heap[parent]))
            {
                break;
            }

            Move(_heap[parent], index);
            index = parent;
        }

        Move(host, index);
    }

    private void Down(int index)
    {
        var host = _heap[index];
        while (true)
        {
            var child = (2 * index) + 1;
            if (child >= Count)
            {
                break;
            }

            if (child + 1 < Count && Less(_heap[child + 1], _heap[child]))
            {
                child++;
            }

            if (!Less(_heap[child], host))
            {
                break;
            }

            Move(_heap[child], index);
            index = child;
        }

        Move(host, index);
    }

    private void Move(int host, int index)
    {
        _heap[index] = host;
        _position[host] = index;
    }
}

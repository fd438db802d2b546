using System.Diagnostics;
using Nines.Drivers.Fake;

namespace Nines.Agent.Tests.Faults;

/// <summary>
/// Records, per VM, the intervals each host's (fake) machine had its process running, on one monotonic clock, so a
/// test can assert the same VM never ran on two hosts at once.
/// </summary>
internal sealed class RunRecorder
{
    private readonly Lock _gate = new();
    private readonly List<Run> _runs = [];

    public void Watch(string host, FakeHost machine) => machine.ProcessChanged += (vm, running) =>
    {
        lock (_gate)
        {
            var now = Stopwatch.GetTimestamp();
            if (running)
            {
                _runs.Add(new Run(vm, host, now, null));
            }
            else
            {
                var index = _runs.FindLastIndex(r => r.Vm == vm && r.Host == host && r.End is null);
                if (index >= 0)
                {
                    _runs[index] = _runs[index] with { End = now };
                }
            }
        }
    };

    public IReadOnlyList<Run> Snapshot()
    {
        lock (_gate)
        {
            return [.. _runs];
        }
    }

    /// <summary>Every pair of runs of the same VM on different hosts that overlap in time (none is the goal).</summary>
    public IReadOnlyList<string> Overlaps()
    {
        var runs = Snapshot();
        var now = Stopwatch.GetTimestamp();
        return [.. from a in runs
                   from b in runs
                   where a.Vm == b.Vm && string.CompareOrdinal(a.Host, b.Host) < 0
                   where a.Start < (b.End ?? now) && b.Start < (a.End ?? now)
                   select $"{a.Vm} ran on {a.Host} and {b.Host} at once"];
    }

    /// <summary>How many times each VM's process was started, on any host.</summary>
    public IReadOnlyDictionary<string, int> Starts() =>
        Snapshot().GroupBy(r => r.Vm, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    internal sealed record Run(string Vm, string Host, long Start, long? End);
}

using System.Collections.Concurrent;

namespace Nines.Bench.Soak;

/// <summary>Every fault injected, by kind, with the failures to inject one (a system that did not come back).</summary>
internal sealed class FaultLog
{
    private readonly ConcurrentDictionary<FaultKind, int> _counts = new();
    private readonly ConcurrentQueue<string> _recent = new();

    public ConcurrentQueue<string> InjectionErrors { get; } = new();

    public int Total => _counts.Values.Sum();

    public IReadOnlyDictionary<FaultKind, int> ByKind => _counts;

    public void Record(FaultKind kind, string description)
    {
        _counts.AddOrUpdate(kind, 1, (_, n) => n + 1);
        if (kind is not (FaultKind.FuzzApiCall or FaultKind.FuzzScenario))
        {
            _recent.Enqueue(description);
        }
    }

    /// <summary>The disruptive faults in order (kills, restarts, disk-full windows).</summary>
    public IReadOnlyList<string> Disruptive => [.. _recent];
}

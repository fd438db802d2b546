using Nines.Scheduling.Partitioning;

namespace Nines.Scheduling;

/// <summary>The partitioning algorithms, found by name (as in <c>--algorithm</c> or EDIV <c>default_segmentation</c>).</summary>
public static class Partitioners
{
    /// <summary>The algorithm used when neither the user nor the cluster names one.</summary>
    public const string DefaultName = "Balanced";

    private static readonly IPartitioner[] _all =
    [
        new BalancedPartitioner(),
        new RoundRobinPartitioner(),
        new WeightedRoundRobinPartitioner(),
    ];

    /// <summary>Every algorithm's name, the default first.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. _all.Select(p => p.Name)];

    /// <summary>The algorithm called <paramref name="name"/> (case-insensitive), or null when there is none.</summary>
    public static IPartitioner? Find(string name) =>
        Array.Find(_all, p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
}

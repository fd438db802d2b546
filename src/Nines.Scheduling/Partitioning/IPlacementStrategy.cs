namespace Nines.Scheduling.Partitioning;

/// <summary>
/// How one partitioner picks hosts, for one run. <see cref="PartitionerBase"/> places pinned units and soft
/// preferences itself and asks the strategy only for the rest, in unit (document) order.
/// </summary>
internal interface IPlacementStrategy
{
    /// <summary>The host for <paramref name="unit"/>, or -1 when no host allows it. Must not change the state.</summary>
    int Choose(int unit);

    /// <summary>Tells the strategy that <paramref name="unit"/> went to <paramref name="host"/> (chosen here or preferred).</summary>
    void Assigned(int unit, int host);
}

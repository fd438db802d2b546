using Nines.Domain;
using Nines.Domain.Clusters;
using Nines.Domain.Scenarios;

namespace Nines.Scheduling;

/// <summary>Whether the balanced partitioner spreads VMs over as many hosts as it can or packs them onto as few.</summary>
public enum PackingMode
{
    Spread,
    Pack,
}

/// <summary>
/// Everything a partitioner decides from: the scenario, the hosts, which VMs to place (all when null),
/// VMs whose host is already fixed (by pinning rules or by a running deployment), and the rules.
/// </summary>
public sealed record PlacementRequest(
    Scenario Scenario,
    ClusterSpec Cluster,
    ValueList<LocatedRule> Rules = default,
    ValueList<string>? VmsToPlace = null,
    IReadOnlyDictionary<string, string>? StaticAssignment = null,
    PackingMode Mode = PackingMode.Spread);

using Nines.Domain;
using Nines.Domain.Clusters;
using Nines.Domain.Scenarios;

namespace Nines.Scheduling;

/// <summary>
/// Everything a partitioner decides from: the scenario, the hosts, which VMs to place (all when null),
/// VMs whose host is already fixed (by pinning rules or by a running deployment), and the rules.
/// </summary>
/// <param name="Rules">
/// Placement rules with their locations (e.g. an EDIV restrictions file). The scenario's own
/// <see cref="Scenario.PlacementRules"/> are applied too, unless the same rule object is already in this list.
/// </param>
/// <param name="VlansInUse">VLAN ids other deployments already use on the cluster; the VLAN allocator skips them.</param>
public sealed record PlacementRequest(
    Scenario Scenario,
    ClusterSpec Cluster,
    ValueList<LocatedRule> Rules = default,
    ValueList<string>? VmsToPlace = null,
    IReadOnlyDictionary<string, string>? StaticAssignment = null,
    PackingMode Mode = PackingMode.Spread,
    IReadOnlySet<int>? VlansInUse = null);

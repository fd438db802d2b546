using Nines.Domain.Diagnostics;

namespace Nines.Networking.Planning;

public static partial class NetworkPlanner
{
    /// <summary>
    /// Gives each network a tag: the cluster's VLAN when it has one, else the tag its ports already carry,
    /// else the lowest free tag of the pool. Kept tags are settled before new ones are drawn, so adding a
    /// network never moves an existing segment.
    /// </summary>
    private static List<SegmentPlan> AllocateTags(
        NetworkDeployment deployment, List<string> networks, HostNetworkState state, NetworkPlannerOptions options, DiagnosticBag bag)
    {
        var id = deployment.ScenarioId;
        var crossHost = deployment.CrossHostVlans ?? new Dictionary<string, int>(StringComparer.Ordinal);

        // Who holds each tag on the bridge now: a (scenario, network) pair, or a foreign port.
        var holders = new Dictionary<int, HashSet<(string? Scenario, string? Network)>>();
        foreach (var port in state.Ports.Where(p => p.Tag is not null))
        {
            if (!holders.TryGetValue(port.Tag!.Value, out var set))
            {
                holders[port.Tag.Value] = set = [];
            }

            set.Add((port.ScenarioId, port.IsOurs ? port.Network : port.Name));
        }

        bool HeldByOther(int tag, string network) =>
            holders.TryGetValue(tag, out var set) && set.Any(h => h != (id, network));

        var assigned = new Dictionary<string, SegmentPlan>(StringComparer.Ordinal);
        var taken = new HashSet<int>(crossHost.Values);
        foreach (var network in networks)
        {
            if (crossHost.TryGetValue(network, out var vlan))
            {
                if (HeldByOther(vlan, network))
                {
                    bag.Error(NetworkPlanCodes.VlanConflict, SourceLocation.OfFile(deployment.Scenario.Name), $"net[{network}]", $"network \"{network}\" must use cross-host VLAN {vlan}, but that tag is already a segment of something else on bridge {options.Bridge} (expected a VLAN outside the host's local pool {options.LocalTagMin}-{options.LocalTagMax})");
                }

                assigned[network] = new SegmentPlan(network, vlan, CrossHost: true);
                continue;
            }

            var kept = state.Ports
                .Where(p => p.IsOurs && p.ScenarioId == id && p.Network == network && p.Tag is not null)
                .Select(p => p.Tag!.Value)
                .Where(t => !HeldByOther(t, network) && !taken.Contains(t))
                .Order()
                .FirstOrDefault();
            if (kept != 0)
            {
                assigned[network] = new SegmentPlan(network, kept, CrossHost: false);
                taken.Add(kept);
            }
        }

        var free = Enumerable.Range(options.LocalTagMin, options.LocalTagMax - options.LocalTagMin + 1)
            .Where(t => !holders.ContainsKey(t) && !taken.Contains(t))
            .GetEnumerator();
        foreach (var network in networks.Where(n => !assigned.ContainsKey(n)))
        {
            if (!free.MoveNext())
            {
                bag.Error(NetworkPlanCodes.TagPoolExhausted, SourceLocation.OfFile(deployment.Scenario.Name), $"net[{network}]", $"no free VLAN tag left for network \"{network}\" on bridge {options.Bridge} (the local pool {options.LocalTagMin}-{options.LocalTagMax} is in use)");
                continue;
            }

            assigned[network] = new SegmentPlan(network, free.Current, CrossHost: false);
        }

        return [.. networks.Where(assigned.ContainsKey).Select(n => assigned[n])];
    }
}

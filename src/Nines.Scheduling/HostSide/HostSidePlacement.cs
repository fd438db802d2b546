using Nines.Domain.Scenarios;

namespace Nines.Scheduling.HostSide;

/// <summary>
/// Which host of a plan gets the scenario's own host part (VNUML <c>&lt;host&gt;</c>: its <c>&lt;hostif&gt;</c>
/// interfaces, routes and forwarding). A host interface is an ordinary port of its network's segment, so it must sit
/// on a host where that segment exists: the host holding the most VMs attached to the host interfaces' networks
/// (ties and scenarios without host interfaces: the first plan host in name order). For the VNUML tutorial on three
/// hosts with RoundRobin that is the host of <c>uml3</c>, the only VM on <c>Net3</c>, so <c>Net3</c> needs no
/// cross-host VLAN and the route to <c>10.0.0.0/16</c> goes through <c>uml3</c> on the same bridge.
/// </summary>
/// <remarks>
/// Limit: host interfaces on two networks that each live on a different single host cannot all be reached (only the
/// chosen host's are); the cross-host VLAN step does not count the host part as a network member.
/// </remarks>
public static class HostSidePlacement
{
    /// <summary>
    /// The host for <paramref name="scenario"/>'s host part under <paramref name="placements"/> (VM → host), or null
    /// when nothing is placed.
    /// </summary>
    public static string? Choose(Scenario scenario, IReadOnlyDictionary<string, string> placements)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(placements);
        var hosts = placements.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (hosts.Count == 0)
        {
            return null;
        }

        var networks = scenario.Host?.Interfaces.Select(i => i.Network).ToHashSet(StringComparer.Ordinal) ?? [];
        var attached = scenario.Vms
            .Where(vm => placements.ContainsKey(vm.Name) && vm.Interfaces.Any(i => networks.Contains(i.Network)))
            .GroupBy(vm => placements[vm.Name], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

        // Highest count first; the stable order keeps name order among equals.
        return hosts.OrderByDescending(h => attached.GetValueOrDefault(h)).First();
    }
}

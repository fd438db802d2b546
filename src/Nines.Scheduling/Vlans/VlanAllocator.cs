using Nines.Domain;
using Nines.Domain.Clusters;
using Nines.Domain.Diagnostics;
using Nines.Domain.Scenarios;

namespace Nines.Scheduling;

/// <summary>
/// EDIV's VLAN step: a network whose VMs landed on more than one host is carried between them on a VLAN,
/// so it gets the next free id of the cluster's range, networks taken in document order. Networks on one
/// host need none.
/// </summary>
public static class VlanAllocator
{
    /// <summary>Allocates VLANs for <paramref name="allocation"/>, skipping <paramref name="inUse"/> (ids other deployments hold).</summary>
    public static VlanAllocation Allocate(Scenario scenario, ClusterSpec cluster, Allocation allocation, IReadOnlySet<int>? inUse = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(allocation);
        var hostIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < cluster.Hosts.Count; i++)
        {
            hostIndex.TryAdd(cluster.Hosts[i].Name, i);
        }

        var hostOfVm = new Dictionary<string, int>(allocation.Placements.Count, StringComparer.Ordinal);
        foreach (var placement in allocation.Placements)
        {
            hostOfVm[placement.Vm] = hostIndex.GetValueOrDefault(placement.Host, -1);
        }

        var hostsOf = HostsPerNetwork(scenario, hostOfVm);
        var assignments = new List<VlanAssignment>();
        var diagnostics = new List<Diagnostic>();
        var next = cluster.Vlans.First;
        foreach (var network in scenario.Networks)
        {
            if (!hostsOf.TryGetValue(network.Name, out var hosts) || hosts.Count < 2)
            {
                continue;
            }

            var names = ValueList.From(hosts.Order().Select(h => cluster.Hosts[h].Name));
            while (next <= cluster.Vlans.Last && inUse?.Contains(next) == true)
            {
                next++;
            }

            if (next > cluster.Vlans.Last)
            {
                diagnostics.Add(Diagnostic.Error(SchedulingDiagnosticCodes.VlansExhausted, SourceLocation.OfFile(scenario.Name),
                    $"net[{network.Name}]",
                    $"network \"{network.Name}\" spans {string.Join(", ", names)} but the cluster's VLAN range {cluster.Vlans} " +
                    "has no free id left (expected a larger range or fewer cross-host networks)"));
                continue;
            }

            assignments.Add(new VlanAssignment(network.Name, next++, names));
        }

        return new VlanAllocation(assignments, diagnostics);
    }

    private static Dictionary<string, HashSet<int>> HostsPerNetwork(Scenario scenario, Dictionary<string, int> hostOfVm)
    {
        var hostsOf = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        foreach (var vm in scenario.Vms)
        {
            if (!hostOfVm.TryGetValue(vm.Name, out var host) || host < 0)
            {
                continue;
            }

            foreach (var nic in vm.Interfaces)
            {
                if (!hostsOf.TryGetValue(nic.Network, out var hosts))
                {
                    hostsOf[nic.Network] = hosts = [];
                }

                hosts.Add(host);
            }
        }

        return hostsOf;
    }
}

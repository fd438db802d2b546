using Nines.Domain.Clusters;
using Nines.Domain.Scenarios;
using Nines.Scheduling;
using Nines.Scheduling.HostSide;

namespace Nines.Cli.Output;

/// <summary>Prints a plan for people: VMs per host, the VLAN of each cross-host network, and unplaced VMs with reasons.</summary>
internal static class PlanTableWriter
{
    public static void Write(TextWriter writer, Scenario scenario, ClusterSpec cluster, DeploymentPlan plan)
    {
        var placements = plan.Allocation.Placements;
        writer.WriteLine($"Scenario {scenario.Name}: {scenario.Vms.Count} VMs, {scenario.Networks.Count} networks on {cluster.Hosts.Count} hosts ({plan.Algorithm})");
        writer.WriteLine();

        var hostRows = cluster.Hosts.Select(h =>
        {
            var vms = placements.Where(p => p.Host == h.Name).Select(p => p.Vm).ToList();
            var memory = vms.Sum(vm => scenario.Effective(scenario.FindVm(vm)!).MemoryMiB ?? 0);
            var capacity = h.MemoryMiB > 0 ? $"{memory}/{h.MemoryMiB}" : $"{memory}/-";
            return new[] { h.Name, vms.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), capacity, vms.Count == 0 ? "-" : string.Join(", ", vms) };
        });
        TextTable.Write(writer, ["HOST", "VMS", "MEMORY MiB", "PLACED"], hostRows);

        writer.WriteLine();
        if (plan.Vlans.IsEmpty)
        {
            writer.WriteLine("No network spans more than one host: no VLANs needed.");
        }
        else
        {
            TextTable.Write(
                writer,
                ["NETWORK", "VLAN", "HOSTS"],
                plan.Vlans.Select(v => new[] { v.Network, v.Vlan.ToString(System.Globalization.CultureInfo.InvariantCulture), string.Join(", ", v.Hosts) }));
        }

        if (scenario.Host is { } hostPart && HostSidePlacement.Choose(scenario, placements.ToDictionary(p => p.Vm, p => p.Host, StringComparer.Ordinal)) is { } hostSide)
        {
            writer.WriteLine();
            var interfaces = hostPart.Interfaces.IsEmpty ? "no host interfaces" : $"host interfaces on {string.Join(", ", hostPart.Interfaces.Select(i => i.Network))}";
            writer.WriteLine($"Host side ({interfaces}, {hostPart.Routes.Count} route{(hostPart.Routes.Count == 1 ? string.Empty : "s")}): on {hostSide}");
        }

        if (!plan.Allocation.Unplaced.IsEmpty)
        {
            writer.WriteLine();
            TextTable.Write(writer, ["UNPLACED VM", "REASON"], plan.Allocation.Unplaced.Select(u => new[] { u.Vm, u.Reason }));
        }
    }
}

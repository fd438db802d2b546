using Nines.Domain;
using Nines.Domain.Clusters;
using Nines.Domain.Diagnostics;
using Nines.Domain.Scenarios;
using Nines.Scheduling;

namespace Nines.Bench.Placement;

/// <summary>
/// A seeded, reproducible large request: heterogeneous hosts, VMs of 512 MiB–4 GiB and 1–4 vCPUs on shared
/// networks, anti-affinity pairs and triples, and a fifth of the VMs pinned with vm_deploy_at.
/// </summary>
internal static class SyntheticCluster
{
    public static PlacementRequest Build(int vmCount, int hostCount, int seed)
    {
        var random = new Random(seed);
        var hosts = new HostSpec[hostCount];
        for (var h = 0; h < hostCount; h++)
        {
            hosts[h] = new HostSpec(
                $"host{h}",
                MemoryMiB: 32768L << random.Next(3),
                CpuSpeed: 100,
                MaxVms: random.Next(4) == 0 ? 64 : 0,
                Vcpus: 32 << random.Next(3));
        }

        const int VmsPerNetwork = 50;
        var networks = new NetworkSpec[(vmCount + VmsPerNetwork - 1) / VmsPerNetwork];
        for (var n = 0; n < networks.Length; n++)
        {
            networks[n] = new NetworkSpec($"net{n}");
        }

        var vms = new VmSpec[vmCount];
        for (var v = 0; v < vmCount; v++)
        {
            vms[v] = new VmSpec(
                $"vm{v}",
                MemoryKiB: (512L << random.Next(4)) * 1024,
                Vcpus: 1 + random.Next(4),
                Interfaces: ValueList.Of(new InterfaceSpec(1, networks[v / VmsPerNetwork].Name)));
        }

        var rules = new List<LocatedRule>();
        var line = 0;
        var pairs = vmCount / 10;
        var triples = vmCount * 15 / 100;
        for (var v = 0; v + 1 < pairs; v += 2)
        {
            rules.Add(Rule(PlacementRuleKind.AntiAffinity, [vms[v].Name, vms[v + 1].Name], null));
        }

        for (var v = pairs; v + 2 < pairs + triples; v += 3)
        {
            rules.Add(Rule(PlacementRuleKind.AntiAffinity, [vms[v].Name, vms[v + 1].Name, vms[v + 2].Name], null));
        }

        // Pins go to VMs outside the anti-affinity groups, so the request has no conflict to report.
        var firstPinned = pairs + triples;
        for (var v = firstPinned; v < firstPinned + (vmCount / 5) && v < vmCount; v++)
        {
            rules.Add(Rule(PlacementRuleKind.VmAt, [vms[v].Name], hosts[random.Next(hostCount)].Name));
        }

        var scenario = new Scenario("bench", Networks: networks, Vms: vms);
        var cluster = new ClusterSpec(hosts, new VlanRange(VlanRange.MinId, VlanRange.MaxId));
        return new PlacementRequest(scenario, cluster, rules);

        LocatedRule Rule(PlacementRuleKind kind, string[] members, string? host) =>
            new(new PlacementRule(kind, members, Host: host), new SourceLocation("bench-rules", ++line, 1));
    }
}

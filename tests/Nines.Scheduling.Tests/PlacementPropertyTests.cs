using FsCheck;
using FsCheck.Fluent;
using Nines.Domain;
using Nines.Domain.Clusters;
using Nines.Domain.Diagnostics;
using Nines.Domain.Scenarios;

namespace Nines.Scheduling.Tests;

/// <summary>Invariants of every plan, over random scenarios, clusters and rules (hard and soft, conflicting or not).</summary>
public class PlacementPropertyTests
{
    private static readonly Arbitrary<(PlacementRequest Request, int Seed)> _requests =
        (from vmCount in Gen.Choose(0, 40)
         from hostCount in Gen.Choose(1, 6)
         from seed in Gen.Choose(0, int.MaxValue)
         select (Random(vmCount, hostCount, seed), seed))
        .ToArbitrary();

    [Theory]
    [InlineData("Balanced")]
    [InlineData("RoundRobin")]
    [InlineData("WeightedRoundRobin")]
    public void Plan_RandomRequests_HardRulesHoldAndEveryVmIsAccountedForOnce(string algorithm) =>
        Check(request =>
        {
            var plan = Planner.Plan(request, algorithm);
            return AccountsForEveryVmOnce(request, plan) && HardRulesHold(request, plan) && VlansAreSound(request, plan);
        });

    [Fact]
    public void Plan_RandomRequestsWithBalanced_NeverOvercommitsAHost() =>
        Check(request => NoHostOvercommitted(request, Planner.Plan(request, "Balanced")));

    [Fact]
    public void Plan_RandomRequestsPackedWithBalanced_NeverOvercommitsAHost() =>
        Check(request =>
        {
            var packed = request with { Mode = PackingMode.Pack };
            var plan = Planner.Plan(packed, "Balanced");
            return NoHostOvercommitted(packed, plan) && HardRulesHold(packed, plan) && AccountsForEveryVmOnce(packed, plan);
        });

    private static void Check(Func<PlacementRequest, bool> property) =>
        Prop.ForAll(_requests, generated => property(generated.Request))
            .Check(Config.QuickThrowOnFailure.WithMaxTest(300));

    private static bool AccountsForEveryVmOnce(PlacementRequest request, DeploymentPlan plan)
    {
        var names = plan.Allocation.Placements.Select(p => p.Vm).Concat(plan.Allocation.Unplaced.Select(u => u.Vm)).ToList();
        return names.Order().SequenceEqual(request.Scenario.Vms.Select(v => v.Name).Order())
            && plan.Allocation.Unplaced.All(u => u.Reason.Length > 0)
            && (plan.Allocation.Unplaced.IsEmpty || !plan.Succeeded);
    }

    private static bool HardRulesHold(PlacementRequest request, DeploymentPlan plan)
    {
        var hostOf = plan.Allocation.Placements.ToDictionary(p => p.Vm, p => p.Host);
        foreach (var rule in request.Rules.Select(r => r.Rule).Where(r => r.Hard))
        {
            var hosts = Members(request.Scenario, rule).Where(hostOf.ContainsKey).Select(vm => hostOf[vm]).ToList();
            var holds = rule.Kind switch
            {
                PlacementRuleKind.AntiAffinity => hosts.Distinct().Count() == hosts.Count,
                PlacementRuleKind.Affinity or PlacementRuleKind.NetworkTogether => hosts.Distinct().Count() <= 1,
                _ => hosts.All(h => h == rule.Host),
            };
            if (!holds)
            {
                return false;
            }
        }

        return true;
    }

    private static bool NoHostOvercommitted(PlacementRequest request, DeploymentPlan plan)
    {
        var vms = request.Scenario.Vms.ToDictionary(v => v.Name, request.Scenario.Effective);
        foreach (var host in request.Cluster.Hosts)
        {
            var on = plan.Allocation.Placements.Where(p => p.Host == host.Name).Select(p => vms[p.Vm]).ToList();
            if ((host.MemoryMiB > 0 && on.Sum(v => v.MemoryMiB ?? 0) > host.MemoryMiB)
                || (host.Vcpus is { } vcpus && on.Sum(v => v.Vcpus ?? 1) > vcpus)
                || (host.MaxVms > 0 && on.Count > host.MaxVms))
            {
                return false;
            }
        }

        return true;
    }

    private static bool VlansAreSound(PlacementRequest request, DeploymentPlan plan)
    {
        var hostOf = plan.Allocation.Placements.ToDictionary(p => p.Vm, p => p.Host);
        var crossHost = request.Scenario.Networks
            .Where(n => request.Scenario.Vms.Where(v => v.NetworkNames.Contains(n.Name) && hostOf.ContainsKey(v.Name))
                .Select(v => hostOf[v.Name]).Distinct().Count() > 1)
            .Select(n => n.Name)
            .ToList();
        var vlans = plan.Vlans.Select(v => v.Vlan).ToList();
        var exhausted = plan.Diagnostics.Count(d => d.Code == SchedulingDiagnosticCodes.VlansExhausted);
        return vlans.Distinct().Count() == vlans.Count
            && vlans.All(id => id >= request.Cluster.Vlans.First && id <= request.Cluster.Vlans.Last)
            && plan.Vlans.All(v => crossHost.Contains(v.Network) && v.Hosts.Count > 1)
            && plan.Vlans.Count + exhausted == crossHost.Count;
    }

    private static IEnumerable<string> Members(Scenario scenario, PlacementRule rule) =>
        rule.Vms.Concat(scenario.Vms.Where(v => v.NetworkNames.Any(rule.Networks.Contains)).Select(v => v.Name)).Distinct();

    /// <summary>A random scenario, cluster and rule set; the seed makes a failure reproducible.</summary>
    private static PlacementRequest Random(int vmCount, int hostCount, int seed)
    {
        var random = new Random(seed);
        var networks = Enumerable.Range(0, random.Next(1, 5)).Select(n => new NetworkSpec($"n{n}")).ToArray();
        var vms = Enumerable.Range(0, vmCount).Select(v => new VmSpec(
            $"vm{v}",
            MemoryKiB: random.Next(3) == 0 ? null : random.Next(1, 2049) * 1024L,
            Vcpus: random.Next(3) == 0 ? null : random.Next(1, 5),
            Interfaces: ValueList.From(networks.Where(_ => random.Next(3) == 0).Select((n, i) => new InterfaceSpec(i, n.Name)))))
            .ToArray();
        var hosts = Enumerable.Range(0, hostCount).Select(h => new HostSpec(
            $"h{h}",
            MemoryMiB: random.Next(4) == 0 ? 0 : random.Next(256, 8193),
            CpuSpeed: random.Next(0, 300),
            MaxVms: random.Next(3) == 0 ? 0 : random.Next(1, 8),
            Load: random.NextDouble(),
            Vcpus: random.Next(3) == 0 ? null : random.Next(1, 17)))
            .ToArray();
        var rules = new List<LocatedRule>();
        for (var r = random.Next(0, 8); r > 0 && vmCount > 0; r--)
        {
            var kind = (PlacementRuleKind)random.Next(5);
            var members = Enumerable.Range(0, random.Next(1, 4)).Select(_ => vms[random.Next(vmCount)].Name).Distinct().ToArray();
            var rule = kind is PlacementRuleKind.NetworkAt or PlacementRuleKind.NetworkTogether
                ? new PlacementRule(kind, Networks: ValueList.Of(networks[random.Next(networks.Length)].Name))
                : new PlacementRule(kind, ValueList.From(members));
            rule = rule with
            {
                Host = kind is PlacementRuleKind.NetworkAt or PlacementRuleKind.VmAt ? hosts[random.Next(hostCount)].Name : null,
                Hard = random.Next(4) != 0,
            };
            rules.Add(new LocatedRule(rule, new SourceLocation("rules", rules.Count + 1, 1)));
        }

        var scenario = new Scenario("random", Defaults: random.Next(2) == 0 ? null : new VmDefaults(MemoryKiB: 64 * 1024),
            Networks: networks, Vms: vms);
        var cluster = new ClusterSpec(hosts, new VlanRange(100, 100 + random.Next(0, 4)));
        return new PlacementRequest(scenario, cluster, ValueList.From(rules));
    }
}

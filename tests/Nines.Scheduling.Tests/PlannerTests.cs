using Nines.Domain;
using Nines.Domain.Scenarios;
using static Nines.Scheduling.Tests.TestScenarios;

namespace Nines.Scheduling.Tests;

public class PlannerTests
{
    [Fact]
    public void Plan_TutorialOnEdivClusterWithRoundRobin_Places221AndVlansForNet0Net1Net2()
    {
        var plan = Planner.Plan(new PlacementRequest(Tutorial(), EdivCluster()), "RoundRobin");

        plan.Succeeded.ShouldBeTrue();
        plan.Algorithm.ShouldBe("RoundRobin");
        plan.Allocation.Placements.GroupBy(p => p.Host).Select(g => (g.Key, g.Count()))
            .ShouldBe([("host1", 2), ("host2", 2), ("host3", 1)]);
        plan.Vlans.Select(v => (v.Network, v.Vlan)).ShouldBe([("Net0", 1000), ("Net1", 1001), ("Net2", 1002)]);
        plan.Diagnostics.ShouldBeEmpty();
    }

    [Fact]
    public void Plan_NoAlgorithm_UsesTheClustersDefault()
    {
        Planner.Plan(new PlacementRequest(Tutorial(), EdivCluster("weightedroundrobin"))).Algorithm.ShouldBe("WeightedRoundRobin");
    }

    [Fact]
    public void Plan_NoAlgorithmAnywhere_UsesBalanced()
    {
        var plan = Planner.Plan(new PlacementRequest(Tutorial(), EdivCluster(defaultAlgorithm: null)));

        plan.Algorithm.ShouldBe("Balanced");
        plan.Allocation.Placements.Count.ShouldBe(5);
    }

    [Fact]
    public void Plan_UnknownAlgorithm_ListsTheNames()
    {
        var plan = Planner.Plan(new PlacementRequest(Tutorial(), EdivCluster("DynamicWeightedRoundRobin")));

        plan.Succeeded.ShouldBeFalse();
        plan.Diagnostics.Select(d => d.ToString()).ShouldBe(
        [
            "tutorial_root1: error NX6008: algorithm: unknown partitioning algorithm \"DynamicWeightedRoundRobin\" " +
            "(expected one of Balanced, RoundRobin, WeightedRoundRobin)",
        ]);
        plan.Allocation.Unplaced.Count.ShouldBe(5);
    }

    [Fact]
    public void Plan_SoftRuleWarningsAndVlanErrors_AreCollectedTogether()
    {
        var rules = ValueList.Of(
            At(1, new PlacementRule(PlacementRuleKind.AntiAffinity, ValueList.Of("uml1", "uml2"), Hard: false)),
            At(2, new PlacementRule(PlacementRuleKind.Affinity, ValueList.Of("uml1", "uml2"))));
        var cluster = EdivCluster() with { Vlans = new(1000, 1000) };

        var plan = Planner.Plan(new PlacementRequest(Tutorial(), cluster, rules), "RoundRobin");

        plan.Diagnostics.Select(d => d.Code).ShouldBe(["NX6006", "NX6009", "NX6009"]);
    }

    [Fact]
    public void Partitioners_Find_IsCaseInsensitiveAndNamesAreListed()
    {
        Partitioners.Names.ShouldBe(["Balanced", "RoundRobin", "WeightedRoundRobin"]);
        Partitioners.Find("ROUNDROBIN")!.Name.ShouldBe("RoundRobin");
        Partitioners.Find("nope").ShouldBeNull();
    }

    [Fact]
    public void ValueList_CollectionExpressionOfSpread_KeepsItsItems()
    {
        // Guards a trap: a collection expression targeting ValueList must not come out empty.
        ValueList<int> list = [.. new[] { 1, 2 }, .. new[] { 3 }];

        list.Count.ShouldBe(3);
    }
}

using Nines.Domain;
using Nines.Domain.Clusters;
using Nines.Domain.Diagnostics;
using Nines.Domain.Scenarios;
using static Nines.Scheduling.Tests.TestScenarios;

namespace Nines.Scheduling.Tests;

public class RuleResolverTests
{
    private static PlacementRule VmAt(string vm, string? host, bool hard = true) =>
        new(PlacementRuleKind.VmAt, ValueList.Of(vm), Host: host, Hard: hard);

    private static PlacementRule NetAt(string net, string host) =>
        new(PlacementRuleKind.NetworkAt, Networks: ValueList.Of(net), Host: host);

    private static PlacementRule Affinity(params string[] vms) => new(PlacementRuleKind.Affinity, ValueList.From(vms));

    private static PlacementRule AntiAffinity(params string[] vms) => new(PlacementRuleKind.AntiAffinity, ValueList.From(vms));

    private static DeploymentPlan Plan(params LocatedRule[] rules) =>
        Planner.Plan(new PlacementRequest(Bgp("R1", "R4"), BgpCluster(), ValueList.From(rules)), "RoundRobin");

    [Fact]
    public void Plan_EdivBgpRestrictionsWithR3OffAs1As4_PlacesEveryRouterAsTheRulesSay()
    {
        var plan = Planner.Plan(new PlacementRequest(Bgp("R1", "R4"), BgpCluster(), BgpRestrictions()), "RoundRobin");

        plan.Diagnostics.ShouldBeEmpty();
        plan.Allocation.HostsByVm().ShouldBe(new Dictionary<string, string>
        {
            ["R1"] = "kofy",
            ["R2"] = "zermat",
            ["R3"] = "zermat",
            ["R4"] = "kofy",
            ["R5"] = "kofy",
            ["R6"] = "zermat",
        });
        plan.Vlans.ShouldBeEmpty();
    }

    [Fact]
    public void Plan_EdivBgpRestrictionsWithR3OnAs1As4_ReportsTheConflictNamingAllThreeRules()
    {
        var plan = Planner.Plan(new PlacementRequest(Bgp("R1", "R3", "R4"), BgpCluster(), BgpRestrictions()));

        plan.Succeeded.ShouldBeFalse();
        plan.Diagnostics.Select(d => d.ToString()).ShouldBe(
        [
            "restrictions.xml:12:1: error NX6004: affinity: rules conflict: vm_deploy_at(R2) at zermat.dit.upm.es (restrictions.xml:3:1) " +
            "pins R2 to zermat, but affinity(R3, R2) (restrictions.xml:12:1) ties R2 to R3, which net_deploy_at(AS1-AS4) at " +
            "kofy.dit.upm.es (restrictions.xml:2:1) pins to kofy",
        ]);
        plan.Allocation.Placements.ShouldBeEmpty();
        plan.Allocation.Unplaced.Select(u => u.Reason).Distinct().ShouldBe(["not placed: the placement rules have errors"]);
        plan.Allocation.Unplaced.Count.ShouldBe(6);
    }

    [Fact]
    public void Plan_ChainOfAffinities_NamesEveryRuleOnThePath()
    {
        var plan = Plan(
            At(1, VmAt("R1", "kofy")),
            At(2, VmAt("R5", "zermat")),
            At(3, Affinity("R1", "R2")),
            At(4, Affinity("R2", "R3")),
            At(5, Affinity("R3", "R5")));

        plan.Diagnostics.Messages().ShouldBe(
        [
            "rules conflict: vm_deploy_at(R5) at zermat (restrictions.xml:2:1) pins R5 to zermat, but affinity(R3, R5) " +
            "(restrictions.xml:5:1) ties R5 to R3, and affinity(R2, R3) (restrictions.xml:4:1) ties R3 to R2, and affinity(R1, R2) " +
            "(restrictions.xml:3:1) ties R2 to R1, which vm_deploy_at(R1) at kofy (restrictions.xml:1:1) pins to kofy",
        ]);
    }

    [Fact]
    public void Plan_TwoPinsOfOneVm_ReportsBothEvenOutOfDocumentOrder()
    {
        // vm_deploy_at is written first, but net_deploy_at applies first (EDIV's order).
        var plan = Plan(At(1, VmAt("R1", "zermat")), At(2, NetAt("AS1-AS4", "kofy")));

        plan.Diagnostics.Select(d => d.ToString()).ShouldBe(
        [
            "restrictions.xml:1:1: error NX6004: vm_deploy_at: rules conflict: net_deploy_at(AS1-AS4) at kofy (restrictions.xml:2:1) " +
            "pins R1 to kofy, but vm_deploy_at(R1) at zermat (restrictions.xml:1:1) pins R1 to zermat",
        ]);
    }

    [Fact]
    public void Plan_AffinityAndAntiAffinityOnTheSameVms_IsAConflict()
    {
        var plan = Plan(At(1, Affinity("R1", "R2")), At(2, AntiAffinity("R2", "R1")));

        plan.Diagnostics.Messages().ShouldBe(
        [
            "rules conflict: antiaffinity(R2, R1) (restrictions.xml:2:1) keeps R2 and R1 apart, but affinity(R1, R2) " +
            "(restrictions.xml:1:1) ties R2 to R1",
        ]);
    }

    [Fact]
    public void Plan_AntiAffinityMembersPinnedToOneHost_IsAConflict()
    {
        var plan = Plan(At(1, VmAt("R1", "kofy")), At(2, VmAt("R3", "kofy")), At(3, Affinity("R3", "R2")), At(4, AntiAffinity("R1", "R2")));

        plan.Diagnostics.Messages().ShouldBe(
        [
            "rules conflict: antiaffinity(R1, R2) (restrictions.xml:4:1) keeps R1 and R2 apart, but vm_deploy_at(R1) at kofy " +
            "(restrictions.xml:1:1) pins R1 to kofy, while vm_deploy_at(R3) at kofy (restrictions.xml:2:1) pins R3 to kofy and " +
            "affinity(R3, R2) (restrictions.xml:3:1) ties R3 to R2",
        ]);
    }

    [Fact]
    public void Plan_AntiAffinityLargerThanTheCluster_IsAnErrorAsInEdiv()
    {
        var plan = Plan(At(9, AntiAffinity("R1", "R2", "R3", "R4")));

        plan.Diagnostics.Select(d => d.ToString()).ShouldBe(
        [
            "restrictions.xml:9:1: error NX6005: antiaffinity: antiaffinity(R1, R2, R3, R4) keeps 4 vms apart, but the cluster " +
            "has only 3 hosts (expected at most 3 vms)",
        ]);
    }

    [Fact]
    public void Plan_SoftAntiAffinityLargerThanTheCluster_OnlyWarns()
    {
        var plan = Plan(At(9, AntiAffinity("R1", "R2", "R3", "R4") with { Hard = false }));

        plan.Succeeded.ShouldBeTrue();
        plan.Allocation.Placements.Count.ShouldBe(6);
        plan.Diagnostics.Single().Severity.ShouldBe(DiagnosticSeverity.Warning);
    }

    [Fact]
    public void Plan_UnknownNames_ReportsEveryOneTogether()
    {
        var plan = Plan(
            At(1, VmAt("R9", "zermat")),
            At(2, NetAt("AS9", "kofy")),
            At(3, VmAt("R1", "nowhere")),
            At(4, VmAt("R2", null)));

        plan.Diagnostics.Select(d => $"{d.Code} {d.Location.Line} {d.Field}: {d.Message}").ShouldBe(
        [
            "NX6001 1 vm_deploy_at/vm: vm_deploy_at(R9) at zermat names unknown vm \"R9\" (expected a vm of scenario \"bgp\")",
            "NX6002 2 net_deploy_at/net: net_deploy_at(AS9) at kofy names unknown network \"AS9\" (expected a network of scenario \"bgp\")",
            "NX6003 3 vm_deploy_at/host: vm_deploy_at(R1) at nowhere names unknown host \"nowhere\" (expected one of kofy, zermat, pinky)",
            "NX6003 4 vm_deploy_at/host: vm_deploy_at(R2) names no host (expected one of kofy, zermat, pinky)",
        ]);
    }

    [Fact]
    public void Plan_BadStaticAssignmentAndVmsToPlace_AreErrors()
    {
        var request = new PlacementRequest(Bgp(), BgpCluster(),
            VmsToPlace: ValueList.Of("R1", "R7"),
            StaticAssignment: new Dictionary<string, string> { ["R8"] = "kofy", ["R2"] = "mars" });

        var plan = Planner.Plan(request);

        plan.Diagnostics.Messages().ShouldBe(
        [
            "the vms to place name unknown vm \"R7\" (expected a vm of scenario \"bgp\")",
            "the static assignment names unknown vm \"R8\" (expected a vm of scenario \"bgp\")",
            "the static assignment puts \"R2\" on unknown host \"mars\" (expected one of kofy, zermat, pinky)",
        ]);
    }

    [Fact]
    public void Plan_StaticAssignmentAgainstARule_IsAConflict()
    {
        var request = new PlacementRequest(Bgp(), BgpCluster(), ValueList.Of(At(5, VmAt("R2", "kofy"))),
            StaticAssignment: new Dictionary<string, string> { ["R2"] = "zermat" });

        Planner.Plan(request).Diagnostics.Messages().ShouldBe(
            ["rules conflict: the static assignment pins R2 to zermat, but vm_deploy_at(R2) at kofy (restrictions.xml:5:1) pins R2 to kofy"]);
    }

    [Fact]
    public void Plan_ScenarioRules_AreAppliedWithTheScenarioAsLocation()
    {
        var scenario = Bgp() with { PlacementRules = ValueList.Of(VmAt("R6", "pinky"), VmAt("R6", "kofy")) };

        var plan = Planner.Plan(new PlacementRequest(scenario, BgpCluster()));

        plan.Diagnostics.Select(d => d.ToString()).ShouldBe(
            ["bgp: error NX6004: vm_deploy_at: rules conflict: vm_deploy_at(R6) at pinky (bgp) pins R6 to pinky, but vm_deploy_at(R6) at kofy (bgp) pins R6 to kofy"]);
    }

    [Fact]
    public void Plan_NoHosts_IsAnError()
    {
        var plan = Planner.Plan(new PlacementRequest(Bgp(), new ClusterSpec([], new VlanRange(1, 2))));

        plan.Diagnostics.Messages().ShouldBe(["the cluster has no hosts, so no vm can be placed (expected at least one host)"]);
        plan.Allocation.Unplaced.Count.ShouldBe(6);
    }
}

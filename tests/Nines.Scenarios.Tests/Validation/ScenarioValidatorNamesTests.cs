using Nines.Domain;
using Nines.Domain.Scenarios;

namespace Nines.Scenarios.Tests.Validation;

public sealed class ScenarioValidatorNamesTests
{
    [Fact]
    public void Validate_ConsistentScenario_NoDiagnostics()
    {
        var h = new ValidatorHarness();
        var scenario = new Scenario(
            "ok",
            Networks: ValueList.Of(h.At(2, new NetworkSpec("lan")), h.At(3, new NetworkSpec("link", Type: NetworkType.Ppp))),
            Vms: ValueList.Of(
                h.At(4, new VmSpec("a", MemoryKiB: 1024, Vcpus: 1, Interfaces: ValueList.Of(
                    new InterfaceSpec(0, "lan", "02:00:00:00:00:01"), new InterfaceSpec(1, "link")))),
                h.At(5, new VmSpec("b", Qos: new QosSpec(2, 1, "0-1,3", 1, 99), Interfaces: ValueList.Of(new InterfaceSpec(0, "link", "02:00:00:00:00:02"))))),
            Host: new HostSection(Interfaces: ValueList.Of(new HostInterfaceSpec("lan"))),
            RedundancyGroups: ValueList.Of(new RedundancyGroupSpec("g", RedundancyModel.TwoN, ValueList.Of("a", "b"))),
            PlacementRules: ValueList.Of(new PlacementRule(PlacementRuleKind.NetworkTogether, Networks: ValueList.Of("lan"))));

        h.Validate(scenario).ShouldBeEmpty();
    }

    [Fact]
    public void Validate_DuplicateVmAndNetworkNames_EachRepeatNamesTheFirst()
    {
        var h = new ValidatorHarness();
        var scenario = new Scenario(
            "s",
            Networks: ValueList.Of(h.At(2, new NetworkSpec("n")), h.At(3, new NetworkSpec("n")), h.At(4, new NetworkSpec("n"))),
            Vms: ValueList.Of(h.At(5, new VmSpec("a")), h.At(6, new VmSpec("b")), h.At(7, new VmSpec("a"))));

        h.Validate(scenario).ShouldBe(
        [
            "hand.yaml:3:1: error NX1502: net[n]: network name \"n\" is used more than once (first at hand.yaml:2:1)",
            "hand.yaml:4:1: error NX1502: net[n]: network name \"n\" is used more than once (first at hand.yaml:2:1)",
            "hand.yaml:7:1: error NX1501: vm[a]: vm name \"a\" is used more than once (first at hand.yaml:5:1)",
        ]);
    }

    [Fact]
    public void Validate_EmptyNames_Reported()
    {
        var h = new ValidatorHarness();
        var scenario = new Scenario("s", Networks: ValueList.Of(h.At(2, new NetworkSpec(" "))), Vms: ValueList.Of(h.At(3, new VmSpec(""))));

        h.Validate(scenario).ShouldBe(
        [
            "hand.yaml:2:1: error NX1500: net[0]: network #1 has an empty name",
            "hand.yaml:3:1: error NX1500: vm[0]: vm #1 has an empty name",
        ]);
    }

    [Fact]
    public void Validate_UnrecordedObject_LocatedAtFileOnly()
    {
        var h = new ValidatorHarness();
        var scenario = new Scenario("s", Vms: ValueList.Of(new VmSpec("a"), new VmSpec("a")));

        h.Validate(scenario).ShouldBe(["hand.yaml: error NX1501: vm[a]: vm name \"a\" is used more than once (first at hand.yaml)"]);
    }

    [Fact]
    public void Validate_PlacementRulesNamingUnknownVmsAndNetworks_Reported()
    {
        var h = new ValidatorHarness();
        var scenario = new Scenario(
            "s",
            Networks: ValueList.Of(new NetworkSpec("n")),
            Vms: ValueList.Of(new VmSpec("a"), new VmSpec("b")),
            PlacementRules: ValueList.Of(
                h.At(10, new PlacementRule(PlacementRuleKind.AntiAffinity, Vms: ValueList.Of("a", "ghost", "ghost"))),
                h.At(11, new PlacementRule(PlacementRuleKind.NetworkAt, Networks: ValueList.Of("n", "wan"), Host: "h1")),
                h.At(12, new PlacementRule(PlacementRuleKind.VmAt, Vms: ValueList.Of("b"), Host: "h2", Hard: false))));

        h.Validate(scenario).ShouldBe(
        [
            "hand.yaml:10:1: error NX1512: placement[0]: placement rule antiaffinity(a, ghost, ghost): vm \"ghost\" is not a VM of the scenario (VMs: a, b)",
            "hand.yaml:11:1: error NX1513: placement[1]: placement rule net_deploy_at(n, wan) at h1: network \"wan\" is not a network of the scenario (networks: n)",
        ]);
    }
}

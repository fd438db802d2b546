using Nines.Domain;
using Nines.Domain.Scenarios;
using Nines.Scheduling.HostSide;

namespace Nines.Scheduling.Tests.HostSide;

public sealed class HostSidePlacementTests
{
    private static readonly HostSection _net3Host = new(Interfaces: ValueList.Of(new HostInterfaceSpec("Net3")));

    [Fact]
    public void Choose_TutorialRoundRobinOnEdivCluster_PicksTheHostOfNet3sOnlyVm()
    {
        var scenario = TestScenarios.Tutorial() with { Host = _net3Host };
        var plan = Planner.Plan(new PlacementRequest(scenario, TestScenarios.EdivCluster()), "RoundRobin");

        var host = HostSidePlacement.Choose(scenario, plan.Allocation.Placements.ToDictionary(p => p.Vm, p => p.Host, StringComparer.Ordinal));

        host.ShouldBe("host3");
        plan.Vlans.Select(v => v.Network).ShouldNotContain("Net3", "Net3 stays on one host: uml3's and the host interface's");
    }

    [Fact]
    public void Choose_HostInterfacesOnNetworkWithVmsOnTwoHosts_PicksTheHostWithMoreOfThem()
    {
        var scenario = TestScenarios.Tutorial() with { Host = new HostSection(Interfaces: ValueList.Of(new HostInterfaceSpec("Net2"))) };
        var placements = new Dictionary<string, string> { ["uml1"] = "a", ["uml2"] = "a", ["uml3"] = "a", ["uml4"] = "b", ["uml5"] = "b" };

        HostSidePlacement.Choose(scenario, placements).ShouldBe("b");
    }

    [Fact]
    public void Choose_NoHostInterfacesOrTie_PicksTheFirstHostByName()
    {
        var plain = TestScenarios.Tutorial();
        var tie = plain with { Host = new HostSection(Interfaces: ValueList.Of(new HostInterfaceSpec("Net1"))) };
        var placements = new Dictionary<string, string> { ["uml1"] = "c", ["uml2"] = "b", ["uml3"] = "c", ["uml4"] = "b", ["uml5"] = "b" };

        HostSidePlacement.Choose(plain, placements).ShouldBe("b");
        HostSidePlacement.Choose(tie, placements).ShouldBe("b", "uml3 (c) and uml4 (b) are both on Net1");
        HostSidePlacement.Choose(plain, new Dictionary<string, string>()).ShouldBeNull();
    }
}

using Nines.Domain.Scenarios;
using Nines.Networking.Planning;
using Nines.Networking.Tests.Support;

namespace Nines.Networking.Tests.Planning;

public sealed class NetworkPlannerTests
{
    [Fact]
    public void Plan_TwoVmsAndHost_OneTapPerInterfaceAndHostPortWithRoute()
    {
        var plan = Succeed(NetworkPlanner.Plan(TestScenarios.Deploy("s1", TestScenarios.TwoVms("a")), HostNetworkState.Empty));

        plan.Bridge.ShouldBe("nines0");
        plan.Segments.Select(s => (s.Network, s.Tag)).ShouldBe([("Net0", 2048), ("Net1", 2049)]);
        plan.Taps.Select(t => (t.Vm, t.InterfaceId, t.Network)).ShouldBe([("vm1", 0, "Net0"), ("vm2", 0, "Net0"), ("vm2", 1, "Net1")]);
        var hostPort = plan.HostInterfaces.ShouldHaveSingleItem();
        hostPort.Tag.ShouldBe(2049);
        hostPort.Addresses.ShouldBe([new IpAddressSpec("10.0.1.100", 24)]);
        plan.Routes.ShouldBe([new HostRoutePlan(IpFamily.Ipv4, "10.0.0.0/24", "10.0.1.2", hostPort.Name)]);
        plan.Ipv4Forwarding.ShouldBeTrue();
        plan.Ipv6Forwarding.ShouldBeFalse();
    }

    [Fact]
    public void Plan_Names_AtMostFifteenSafeCharactersAndDistinct()
    {
        var longId = new string('x', 200) + " ünïcode/..";
        var plan = Succeed(NetworkPlanner.Plan(TestScenarios.Deploy(longId, TestScenarios.TwoVms("a")), HostNetworkState.Empty));

        plan.Ports.ShouldAllBe(p => p.Name.Length <= 15 && p.Name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c)));
        plan.Ports.Select(p => p.Name).Distinct().Count().ShouldBe(plan.Ports.Count);
    }

    [Fact]
    public void Plan_TwoScenariosSameNetworkNames_DifferentTagsAndNames()
    {
        var first = Succeed(NetworkPlanner.Plan(TestScenarios.Deploy("s1", TestScenarios.TwoVms("same")), HostNetworkState.Empty));
        var second = Succeed(NetworkPlanner.Plan(TestScenarios.Deploy("s2", TestScenarios.TwoVms("same")), TestScenarios.StateAfter(first)));

        second.Segments.Select(s => s.Tag).ShouldBe([2050, 2051]);
        second.Ports.Select(p => p.Name).Intersect(first.Ports.Select(p => p.Name)).ShouldBeEmpty();
    }

    [Fact]
    public void Plan_RecomputedOverItsOwnState_SamePlan()
    {
        var other = Succeed(NetworkPlanner.Plan(TestScenarios.Deploy("other", TestScenarios.TwoVms("o")), HostNetworkState.Empty));
        var state = TestScenarios.StateAfter(other);
        var first = Succeed(NetworkPlanner.Plan(TestScenarios.Deploy("s1", TestScenarios.TwoVms("a")), state));

        var again = Succeed(NetworkPlanner.Plan(TestScenarios.Deploy("s1", TestScenarios.TwoVms("a")), TestScenarios.StateAfter(first, state)));

        again.ShouldBe(first);
    }

    [Fact]
    public void Plan_ExistingTagsKept_NewNetworkEarlierInOrderDoesNotMoveThem()
    {
        var scenario = TestScenarios.TwoVms("a");
        var first = Succeed(NetworkPlanner.Plan(TestScenarios.Deploy("s1", scenario), HostNetworkState.Empty));
        var grown = scenario with
        {
            Networks = [new NetworkSpec("NetA"), .. scenario.Networks],
            Vms = [.. scenario.Vms, new VmSpec("vm3", Interfaces: [new InterfaceSpec(0, "NetA")])],
        };

        var second = Succeed(NetworkPlanner.Plan(TestScenarios.Deploy("s1", grown), TestScenarios.StateAfter(first)));

        second.FindSegment("Net0")!.Tag.ShouldBe(first.FindSegment("Net0")!.Tag);
        second.FindSegment("Net1")!.Tag.ShouldBe(first.FindSegment("Net1")!.Tag);
        second.FindSegment("NetA")!.Tag.ShouldBe(2050);
        second.FindTap("vm1", 0)!.Name.ShouldBe(first.FindTap("vm1", 0)!.Name);
    }

    [Fact]
    public void Plan_CrossHostVlan_TakesPrecedenceOverLocalPool()
    {
        var vlans = new Dictionary<string, int> { ["Net0"] = 100 };
        var plan = Succeed(NetworkPlanner.Plan(TestScenarios.Deploy("s1", TestScenarios.TwoVms("a"), vlans: vlans), HostNetworkState.Empty));

        plan.FindSegment("Net0").ShouldBe(new SegmentPlan("Net0", 100, CrossHost: true));
        plan.FindSegment("Net1").ShouldBe(new SegmentPlan("Net1", 2048, CrossHost: false));
        plan.FindTap("vm1", 0)!.Tag.ShouldBe(100);
    }

    [Fact]
    public void Plan_CrossHostVlanHeldByAnotherScenario_ReportsConflict()
    {
        var other = Succeed(NetworkPlanner.Plan(TestScenarios.Deploy("other", TestScenarios.TwoVms("o")), HostNetworkState.Empty));
        var vlans = new Dictionary<string, int> { ["Net0"] = other.FindSegment("Net0")!.Tag };

        var result = NetworkPlanner.Plan(TestScenarios.Deploy("s1", TestScenarios.TwoVms("a"), vlans: vlans), TestScenarios.StateAfter(other));

        result.Succeeded.ShouldBeFalse();
        result.Errors.ShouldHaveSingleItem().Code.ShouldBe(NetworkPlanCodes.VlanConflict);
    }

    [Fact]
    public void Plan_ForeignPortHoldsTagAndName_AvoidsBoth()
    {
        var clean = Succeed(NetworkPlanner.Plan(TestScenarios.Deploy("s1", TestScenarios.TwoVms("a")), HostNetworkState.Empty));
        var squatter = clean.FindTap("vm1", 0)!.Name;
        var state = new HostNetworkState([new ObservedPort(squatter, 2048, null, null, null, null, null)]);

        var plan = Succeed(NetworkPlanner.Plan(TestScenarios.Deploy("s1", TestScenarios.TwoVms("a")), state));

        plan.FindTap("vm1", 0)!.Name.ShouldNotBe(squatter);
        plan.Segments.Select(s => s.Tag).ShouldNotContain(2048);
    }

    [Fact]
    public void Plan_PoolExhausted_ReportsEveryNetworkLeftOut()
    {
        var options = new NetworkPlannerOptions(LocalTagMin: 10, LocalTagMax: 10);

        var result = NetworkPlanner.Plan(TestScenarios.Deploy("s1", TestScenarios.TwoVms("a")), HostNetworkState.Empty, options);

        result.Errors.Select(e => (e.Code, e.Field)).ShouldBe([(NetworkPlanCodes.TagPoolExhausted, "net[Net1]")]);
    }

    [Fact]
    public void Plan_UnknownNetworksAndVmsAndUnreachableGateway_AllReported()
    {
        var scenario = TestScenarios.TwoVms("a") with
        {
            Vms = [new VmSpec("vm1", Interfaces: [new InterfaceSpec(0, "Nowhere")])],
            Host = new HostSection(
                Interfaces: [new HostInterfaceSpec("Net1", Ipv4: [new IpAddressSpec("10.0.1.100", 24)]), new HostInterfaceSpec("Gone")],
                Routes: [new RouteSpec(IpFamily.Ipv4, "10.9.0.0/16", "192.168.5.1")]),
        };
        var deployment = new NetworkDeployment("s1", scenario, ["vm1", "ghost"], IncludeHostSection: true);

        var result = NetworkPlanner.Plan(deployment, HostNetworkState.Empty);

        result.Errors.Select(e => e.Code).Order().ShouldBe(
            [NetworkPlanCodes.UnknownVm, NetworkPlanCodes.UnknownNetwork, NetworkPlanCodes.UnknownNetwork, NetworkPlanCodes.UnreachableGateway]);
    }

    [Fact]
    public void Plan_HostSectionExcluded_NoHostPortsRoutesOrForwarding()
    {
        var plan = Succeed(NetworkPlanner.Plan(TestScenarios.Deploy("s1", TestScenarios.TwoVms("a"), host: false), HostNetworkState.Empty));

        plan.HostInterfaces.ShouldBeEmpty();
        plan.Routes.ShouldBeEmpty();
        plan.Ipv4Forwarding.ShouldBeFalse();
    }

    [Fact]
    public void Plan_OnlyVmsOfThisHost_GetTapsAndSegments()
    {
        var scenario = TestScenarios.TwoVms("a");
        var plan = Succeed(NetworkPlanner.Plan(new NetworkDeployment("s1", scenario, ["vm1"], false), HostNetworkState.Empty));

        plan.Taps.ShouldHaveSingleItem().Vm.ShouldBe("vm1");
        plan.Segments.ShouldHaveSingleItem().Network.ShouldBe("Net0");
    }

    private static NetworkPlan Succeed(Nines.Domain.Diagnostics.ParseResult<NetworkPlan> result)
    {
        result.Errors.ShouldBeEmpty();
        return result.Value!;
    }
}

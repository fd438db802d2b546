using Nines.Domain.Scenarios;
using Nines.Networking.Planning;
using Nines.Networking.Tests.Support;

namespace Nines.Networking.Tests.Planning;

/// <summary>Issue 18's network guard in the planner: where a deployment's host side lives, and which routes it may add.</summary>
public sealed class NetworkPlannerHostSideTests
{
    [Fact]
    public void Plan_HostInterface_LivesInTheDeploymentsOwnNamespaceNamedFromItsIdAndTheSwitchNamespace()
    {
        var state = HostNetworkState.Empty with { SwitchNamespace = "nines" };

        var plan = Succeed(NetworkPlanner.Plan(TestScenarios.Deploy("default.tutorial", TestScenarios.TwoVms("a")), state));

        plan.HostSideNamespace.ShouldBe(HostSideNamespace.Name("default.tutorial", "nines"));
        plan.HostSideNamespace!.ShouldMatch("^nd[a-z2-7]{12}$");
        plan.HostInterfaces.ShouldHaveSingleItem().Namespace.ShouldBe(plan.HostSideNamespace);
        plan.Taps.ShouldAllBe(t => t.Namespace == null);
        plan.Ipv4Forwarding.ShouldBeTrue("forwarding is set inside the deployment's namespace");
    }

    [Fact]
    public void HostSideNamespaceName_OtherDeploymentOrOtherSwitchNamespace_Differs()
    {
        var names = new[]
        {
            HostSideNamespace.Name("acme.lab", "nines"),
            HostSideNamespace.Name("other.lab", "nines"),
            HostSideNamespace.Name("acme.lab", "nines-tb-1-h3"),
            HostSideNamespace.Name("acme.lab", null),
        };

        names.Distinct().Count().ShouldBe(names.Length);
        HostSideNamespace.Name("acme.lab", "nines").ShouldBe(names[0], "the same on every call and restart");
    }

    [Fact]
    public void Plan_PortsAlreadyNameANamespace_AdoptsItInsteadOfMakingAnother()
    {
        var first = Succeed(NetworkPlanner.Plan(TestScenarios.Deploy("s1", TestScenarios.TwoVms("a")), HostNetworkState.Empty with { SwitchNamespace = "old" }));

        // The switch now runs in a namespace of another name: the deployment's namespace is still the one its labels name.
        var again = Succeed(NetworkPlanner.Plan(TestScenarios.Deploy("s1", TestScenarios.TwoVms("a")), TestScenarios.StateAfter(first) with { SwitchNamespace = "new" }));

        again.HostSideNamespace.ShouldBe(first.HostSideNamespace);
        again.ShouldBe(first);
    }

    [Fact]
    public void Plan_SharedHostSide_InternalPortInTheSwitchNamespace()
    {
        var plan = Succeed(NetworkPlanner.Plan(TestScenarios.Deploy("s1", TestScenarios.TwoVms("a")), HostNetworkState.Empty, new NetworkPlannerOptions { HostSide = HostSideMode.Shared }));

        plan.HostSideNamespace.ShouldBeNull();
        plan.HostInterfaces.ShouldHaveSingleItem().Namespace.ShouldBeNull();
        plan.Ipv4Forwarding.ShouldBeTrue();
    }

    [Fact]
    public void Plan_ForwardingWithoutHostInterface_NoNamespaceAndNothingTouched()
    {
        var scenario = TestScenarios.TwoVms("a") with { Host = new HostSection(Forwarding: Forwarding.Ip) };

        var plan = Succeed(NetworkPlanner.Plan(TestScenarios.Deploy("s1", scenario), HostNetworkState.Empty));

        plan.HostSideNamespace.ShouldBeNull();
        plan.Ipv4Forwarding.ShouldBeFalse("the switch's namespace is never the host side");
        plan.Ipv6Forwarding.ShouldBeFalse();
    }

    [Theory]
    [InlineData(IpFamily.Ipv4, "default", "10.0.1.2")]
    [InlineData(IpFamily.Ipv4, "0.0.0.0/0", "10.0.1.2")]
    [InlineData(IpFamily.Ipv6, "::/0", "fd00::2")]
    [InlineData(IpFamily.Ipv6, "default", "fd00::2")]
    public void Plan_DefaultHostRoute_RefusedNamingTheRouteAndTheRule(IpFamily family, string destination, string gateway)
    {
        var scenario = TestScenarios.TwoVms("a") with
        {
            Host = new HostSection(
                Interfaces: [new HostInterfaceSpec("Net1", Ipv4: [new IpAddressSpec("10.0.1.100", 24)], Ipv6: [new IpAddressSpec("fd00::100", 64)])],
                Routes: [new RouteSpec(family, destination, gateway), new RouteSpec(IpFamily.Ipv4, "10.0.0.0/16", "10.0.1.2")]),
        };

        var result = NetworkPlanner.Plan(TestScenarios.Deploy("s1", scenario), HostNetworkState.Empty);

        var error = result.Errors.ShouldHaveSingleItem();
        error.Code.ShouldBe(NetworkPlanCodes.DefaultRoute);
        error.ToString().ShouldContain($"host/route[{destination}]");
        error.ToString().ShouldContain("never default");
    }

    private static NetworkPlan Succeed(Nines.Domain.Diagnostics.ParseResult<NetworkPlan> result)
    {
        result.Errors.ShouldBeEmpty();
        return result.Value!;
    }
}

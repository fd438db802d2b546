using Nines.Domain;
using Nines.Domain.Scenarios;

namespace Nines.Scenarios.Tests.Validation;

public sealed class ScenarioValidatorRoutesTests
{
    private static readonly HostInterfaceSpec _hostInterface = new("lan", Ipv4: [new IpAddressSpec("10.0.0.1", 24)], Ipv6: [new IpAddressSpec("2001:db8::1", 64)]);

    [Theory]
    [InlineData(IpFamily.Ipv4, "192.168.0.0/16", "10.0.0.2")]
    [InlineData(IpFamily.Ipv4, "10.0.0.0/16", "10.0.0.2")]
    [InlineData(IpFamily.Ipv6, "2001:db8:1::/48", "2001:db8::ff")]
    public void Validate_HostRouteThroughAHostInterface_Accepted(IpFamily family, string destination, string gateway)
    {
        var h = new ValidatorHarness();

        h.Validate(Scenario(new RouteSpec(family, destination, gateway))).ShouldBeEmpty();
    }

    // Issue 18: a host side never routes everything. Offline a warning (a VNUML file may have one); the API refuses it.
    [Theory]
    [InlineData(IpFamily.Ipv4, "default", "10.0.0.254")]
    [InlineData(IpFamily.Ipv4, "0.0.0.0/0", "10.0.0.254")]
    [InlineData(IpFamily.Ipv6, "default", "2001:db8::ff")]
    [InlineData(IpFamily.Ipv6, "::/0", "2001:db8::ff")]
    public void Validate_DefaultHostRoute_WarnsAtTheRouteNamingTheRule(IpFamily family, string destination, string gateway)
    {
        var h = new ValidatorHarness();

        h.Validate(Scenario(h.At(7, new RouteSpec(family, destination, gateway)))).ShouldBe(
            [$"hand.yaml:7:1: warning NX1532: host/route[{destination}]: host route to {destination}: a host side routes only toward prefixes the scenario declares, never default, 0.0.0.0/0 or ::/0 (rule hostRouteDefault); the API refuses it and no host applies it"]);
    }

    [Fact]
    public void Validate_HostRouteGatewayOutsideEveryHostInterface_ReportedAtTheRoute()
    {
        var h = new ValidatorHarness();

        h.Validate(Scenario(h.At(7, new RouteSpec(IpFamily.Ipv4, "192.168.0.0/16", "10.0.1.1")))).ShouldBe(
            ["hand.yaml:7:1: error NX1530: host/route[192.168.0.0/16]: host route to 192.168.0.0/16: gateway 10.0.1.1 is in none of the host interfaces' subnets (the host reaches it only through one of them)"]);
    }

    [Fact]
    public void Validate_HostRouteDestinationNotAPrefix_ReportedAtTheRoute()
    {
        var h = new ValidatorHarness();

        h.Validate(Scenario(h.At(7, new RouteSpec(IpFamily.Ipv4, "10.0.0.0/33", "10.0.0.2")))).ShouldBe(
            ["hand.yaml:7:1: error NX1530: host/route[10.0.0.0/33]: host route to 10.0.0.0/33: the destination is not a network prefix (expected a prefix such as 10.0.0.0/16)"]);
    }

    [Fact]
    public void Validate_HostRouteGatewayNotAnAddress_Reported()
    {
        var h = new ValidatorHarness();

        h.Validate(Scenario(h.At(7, new RouteSpec(IpFamily.Ipv4, "default", "gw")))).ShouldBe(
            ["hand.yaml:7:1: error NX1530: host/route[default]: host route to default: gateway \"gw\" is not an IP address"]);
    }

    private static Scenario Scenario(RouteSpec route) => new(
        "s",
        Networks: ValueList.Of(new NetworkSpec("lan")),
        Host: new HostSection(Interfaces: ValueList.Of(_hostInterface), Routes: ValueList.Of(route)));
}

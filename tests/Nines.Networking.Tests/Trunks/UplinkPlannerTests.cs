using Nines.Networking.Planning;
using Nines.Networking.Trunks;

namespace Nines.Networking.Tests.Trunks;

public sealed class UplinkPlannerTests
{
    private static readonly TrunkUplink _trunk = new("eth1");

    [Fact]
    public void Plan_CrossHostPortsOfTwoDeployments_VlansAreTheirDistinctTagsAscending()
    {
        var state = new HostNetworkState(
        [
            Port("a", "s1", 101, crossHost: true),
            Port("b", "s1", 100, crossHost: true),
            Port("c", "s2", 100, crossHost: true),
            Port("d", "s2", 2048, crossHost: false),
            new ObservedPort("foreign", 300, null, null, null, null, null, CrossHost: true),
        ]);

        var plan = UplinkPlanner.Plan("nines0", state, _trunk);

        plan.Vlans.ShouldBe([100, 101]);
        plan.HasPort.ShouldBeTrue();
        plan.PortName.ShouldBe("eth1");
    }

    [Fact]
    public void Plan_OnlyLocalSegments_NoPort()
    {
        var plan = UplinkPlanner.Plan("nines0", new HostNetworkState([Port("a", "s1", 2048, crossHost: false)]), _trunk);

        plan.Vlans.ShouldBeEmpty();
        plan.HasPort.ShouldBeFalse();
    }

    [Fact]
    public void Plan_NoUplink_NoPortEvenWithCrossHostVlans()
    {
        var plan = UplinkPlanner.Plan("nines0", new HostNetworkState([Port("a", "s1", 100, crossHost: true)]), null);

        plan.HasPort.ShouldBeFalse();
        plan.PortName.ShouldBeNull();
    }

    [Fact]
    public void Plan_Vxlan_PortIsTheDevice()
    {
        var plan = UplinkPlanner.Plan("nines0", new HostNetworkState([Port("a", "s1", 100, crossHost: true)]), new VxlanUplink("10.1.0.1", ["10.1.0.2"]));

        plan.PortName.ShouldBe(VxlanUplink.DefaultDevice);
    }

    [Fact]
    public void Validate_BadVxlan_ReportsEveryFieldTogether()
    {
        var uplink = new VxlanUplink("10.1.0.1", ["10.1.0.1", "nope", "fd00::2"], Vni: 0, UdpPort: 70000, Device: "much-too-long-name");

        var errors = UplinkPlanner.Validate(uplink);

        errors.ShouldAllBe(e => e.Code == NetworkPlanCodes.InvalidUplink);
        errors.Select(e => e.Field).Order(StringComparer.Ordinal).ShouldBe(
        [
            "uplink.device", "uplink.remotes[0]", "uplink.remotes[1]", "uplink.remotes[2]", "uplink.udpPort", "uplink.vni",
        ]);
    }

    [Fact]
    public void Validate_NoRemotesAndBadInterface_Reported()
    {
        UplinkPlanner.Validate(new VxlanUplink("10.1.0.1", [])).ShouldHaveSingleItem().Field.ShouldBe("uplink.remotes");
        UplinkPlanner.Validate(new TrunkUplink("eth/1")).ShouldHaveSingleItem().Field.ShouldBe("uplink.interface");
        UplinkPlanner.Validate(new TrunkUplink(string.Empty)).ShouldHaveSingleItem().Field.ShouldBe("uplink.interface");
    }

    [Fact]
    public void Validate_GoodUplinks_NoErrors()
    {
        UplinkPlanner.Validate(_trunk).ShouldBeEmpty();
        UplinkPlanner.Validate(new VxlanUplink("fd00::1", ["fd00::2", "fd00::3"], Vni: 5000, UdpPort: 8472)).ShouldBeEmpty();
    }

    [Fact]
    public void Constructor_InvalidUplink_ThrowsListingEveryProblem()
    {
        var error = Should.Throw<ArgumentException>(() => new Nines.Networking.Applying.OvsNetworkApplier(
            new UnusedSwitch(), new Networking.Commands.ProcessCommandRunner(), new VxlanUplink("x", [], Vni: -1)));

        error.Message.ShouldContain("uplink.localAddress");
        error.Message.ShouldContain("uplink.remotes");
        error.Message.ShouldContain("uplink.vni");
    }

    private static ObservedPort Port(string name, string scenario, int tag, bool crossHost) =>
        new(name, tag, scenario, PortKind.Tap, "Net0", "vm", 0, CrossHost: crossHost);

    /// <summary>The constructor must fail before it talks to any switch: this one fails the test if it is used.</summary>
    private sealed class UnusedSwitch : Nines.Networking.Ovs.IOvsSwitch
    {
        public Nines.Networking.Ovs.OvsDatapath Datapath => throw new InvalidOperationException("not expected");

        public Task<Networking.Commands.CommandResult> VsctlAsync(IEnumerable<string> arguments, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("not expected");
    }
}

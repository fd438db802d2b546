using Nines.Domain;
using Nines.Domain.Scenarios;

namespace Nines.Scenarios.Tests.Validation;

public sealed class ScenarioValidatorInterfacesTests
{
    [Fact]
    public void Validate_InterfaceProblems_AllReportedAtTheInterface()
    {
        var h = new ValidatorHarness();
        var scenario = new Scenario(
            "s",
            Networks: ValueList.Of(new NetworkSpec("lan")),
            Vms: ValueList.Of(
                new VmSpec("a", Interfaces: ValueList.Of(
                    h.At(3, new InterfaceSpec(1, "lan")),
                    h.At(4, new InterfaceSpec(1, "wan")))),
                new VmSpec("b", Interfaces: ValueList.Of(h.At(6, new InterfaceSpec(1, "lan"))))),
            Host: new HostSection(Interfaces: ValueList.Of(h.At(8, new HostInterfaceSpec("mgmt")))));

        h.Validate(scenario).ShouldBe(
        [
            "hand.yaml:4:1: error NX1504: vm[a]/if[1]: vm \"a\": interface id 1 is used more than once (each interface of a VM needs its own id)",
            "hand.yaml:4:1: error NX1503: vm[a]/if[1]: vm \"a\": interface 1 is on network \"wan\", which the scenario does not define (networks: lan)",
            "hand.yaml:8:1: error NX1505: host/hostif[mgmt]: host: interface on network \"mgmt\", which the scenario does not define (networks: lan)",
        ]);
    }

    [Fact]
    public void Validate_NoNetworksAtAll_HintSaysSo()
    {
        var h = new ValidatorHarness();
        var scenario = new Scenario("s", Vms: ValueList.Of(new VmSpec("a", Interfaces: ValueList.Of(h.At(2, new InterfaceSpec(0, "x"))))));

        h.Validate(scenario).ShouldBe(
            ["hand.yaml:2:1: error NX1503: vm[a]/if[0]: vm \"a\": interface 0 is on network \"x\", which the scenario does not define (it defines no networks)"]);
    }

    [Theory]
    [InlineData("02:00:00:00:00:01")]
    [InlineData("FE:FD:0A:00:00:01")]
    [InlineData("fe-fd-0a-00-00-01")]
    public void Validate_UnicastMac_Accepted(string mac)
    {
        var h = new ValidatorHarness();
        var scenario = new Scenario("s", Networks: ValueList.Of(new NetworkSpec("n")), Vms: ValueList.Of(new VmSpec("a", Interfaces: ValueList.Of(new InterfaceSpec(0, "n", mac)))));

        h.Validate(scenario).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("02:00:00:00:00", "is not a MAC address (expected six hex pairs such as 02:fd:00:00:01:01)")]
    [InlineData("02:00:00:00:00:0g", "is not a MAC address (expected six hex pairs such as 02:fd:00:00:01:01)")]
    [InlineData("0200.0000.0001", "is not a MAC address (expected six hex pairs such as 02:fd:00:00:01:01)")]
    [InlineData("2:0:0:0:0:1", "is not a MAC address (expected six hex pairs such as 02:fd:00:00:01:01)")]
    [InlineData("02:00-00:00:00:01", "is not a MAC address (expected six hex pairs such as 02:fd:00:00:01:01)")]
    [InlineData("ff:ff:ff:ff:ff:ff", "is a multicast address (the first octet is odd); an interface needs a unicast MAC")]
    [InlineData("01:00:5e:00:00:01", "is a multicast address (the first octet is odd); an interface needs a unicast MAC")]
    public void Validate_MalformedMac_Reported(string mac, string problem)
    {
        var h = new ValidatorHarness();
        var scenario = new Scenario(
            "s",
            Networks: ValueList.Of(new NetworkSpec("n")),
            Vms: ValueList.Of(new VmSpec("a", Interfaces: ValueList.Of(h.At(5, new InterfaceSpec(2, "n", mac))))));

        h.Validate(scenario).ShouldBe([$"hand.yaml:5:1: error NX1507: vm[a]/if[2]/mac: vm \"a\" interface 2: MAC \"{mac}\" {problem}"]);
    }

    [Fact]
    public void Validate_SameMacDifferentCaseAndSeparator_Duplicate()
    {
        var h = new ValidatorHarness();
        var scenario = new Scenario(
            "s",
            Networks: ValueList.Of(new NetworkSpec("n")),
            Vms: ValueList.Of(
                new VmSpec("a", Interfaces: ValueList.Of(h.At(2, new InterfaceSpec(0, "n", "02:AB:00:00:00:01")))),
                new VmSpec("b", Interfaces: ValueList.Of(h.At(3, new InterfaceSpec(0, "n", "02-ab-00-00-00-01")), h.At(4, new InterfaceSpec(1, "n", "02:ab:00:00:00:01"))))));

        h.Validate(scenario).ShouldBe(
        [
            "hand.yaml:3:1: error NX1506: vm[b]/if[0]/mac: vm \"b\" interface 0: MAC 02:ab:00:00:00:01 is already used by vm \"a\" interface 0",
            "hand.yaml:4:1: error NX1506: vm[b]/if[1]/mac: vm \"b\" interface 1: MAC 02:ab:00:00:00:01 is already used by vm \"a\" interface 0",
        ]);
    }

    [Fact]
    public void Validate_PointToPointWithThreeEnds_ReportedAtNetwork()
    {
        var h = new ValidatorHarness();
        var scenario = new Scenario(
            "s",
            Networks: ValueList.Of(h.At(2, new NetworkSpec("p", Type: NetworkType.Ppp)), h.At(3, new NetworkSpec("q", Type: NetworkType.Ppp))),
            Vms: ValueList.Of(
                new VmSpec("a", Interfaces: ValueList.Of(new InterfaceSpec(0, "p"), new InterfaceSpec(1, "p"), new InterfaceSpec(2, "q"))),
                new VmSpec("b", Interfaces: ValueList.Of(new InterfaceSpec(0, "p")))),
            Host: new HostSection(Interfaces: ValueList.Of(new HostInterfaceSpec("q"))));

        h.Validate(scenario).ShouldBe(
            ["hand.yaml:2:1: error NX1520: net[p]: network \"p\" is ppp (point-to-point) but 3 interfaces are on it (at most 2; use type lan for a shared segment)"]);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(256)]
    [InlineData(int.MaxValue)]
    [InlineData(int.MinValue)]
    public void Validate_InterfaceIdOutsideByte_ReportedAtTheInterface(int id)
    {
        var h = new ValidatorHarness();
        var scenario = new Scenario("s", Networks: ValueList.Of(new NetworkSpec("n")), Vms: ValueList.Of(new VmSpec("a", Interfaces: ValueList.Of(h.At(4, new InterfaceSpec(id, "n"))))));

        h.Validate(scenario).ShouldBe(
            [$"hand.yaml:4:1: error NX1522: vm[a]/if[{id}]: vm \"a\": interface id {id} is out of range (expected 0 to 255: automac puts the id in the MAC's last byte)"]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(255)]
    public void Validate_InterfaceIdAtByteBounds_Accepted(int id)
    {
        var h = new ValidatorHarness();
        var scenario = new Scenario("s", Networks: ValueList.Of(new NetworkSpec("n")), Vms: ValueList.Of(new VmSpec("a", Interfaces: ValueList.Of(new InterfaceSpec(id, "n")))));

        h.Validate(scenario).ShouldBeEmpty();
    }

    [Fact]
    public void Validate_NegativeAutoMacOffset_ReportedAtAutoMac()
    {
        var h = new ValidatorHarness();
        var scenario = new Scenario("s", AutoMac: h.At(2, new AutoMacSpec(-1)), Networks: ValueList.Of(new NetworkSpec("n")), Vms: ValueList.Of(new VmSpec("a")));

        h.Validate(scenario).ShouldBe(["hand.yaml:2:1: error NX1523: automac/offset: automac offset -1 is negative (expected 0 or more)"]);
    }

    [Fact]
    public void Validate_AutoMacOffsetPushesLastVmPastThreeBytes_ReportedWithTheLargestOffsetThatFits()
    {
        var h = new ValidatorHarness();
        var scenario = new Scenario(
            "s",
            AutoMac: h.At(2, new AutoMacSpec(0xFF_FFFE)),
            Networks: ValueList.Of(new NetworkSpec("n")),
            Vms: ValueList.Of(new VmSpec("a", Interfaces: ValueList.Of(new InterfaceSpec(0, "n"))), new VmSpec("b", Interfaces: ValueList.Of(new InterfaceSpec(0, "n")))));

        h.Validate(scenario).ShouldBe(
            ["hand.yaml:2:1: error NX1523: automac/offset: automac offset 16777214: vm \"b\" (number 2 in boot order) would get VM number 16777216, more than the 16777215 the MAC's three bytes after fe:fd hold (use an offset of at most 16777213, or write the MACs)"]);
    }

    [Fact]
    public void Validate_AutoMacOffsetAtLimitOrMacsWritten_Accepted()
    {
        var h = new ValidatorHarness();
        var atLimit = new Scenario(
            "s",
            AutoMac: new AutoMacSpec(0xFF_FFFE),
            Networks: ValueList.Of(new NetworkSpec("n")),
            Vms: ValueList.Of(new VmSpec("a", Interfaces: ValueList.Of(new InterfaceSpec(0, "n")))));
        var written = atLimit with { AutoMac = new AutoMacSpec(int.MaxValue), Vms = ValueList.Of(new VmSpec("a", Interfaces: ValueList.Of(new InterfaceSpec(0, "n", "02:00:00:00:00:01")))) };

        h.Validate(atLimit).ShouldBeEmpty();
        h.Validate(written).ShouldBeEmpty();
    }

    [Fact]
    public void Validate_WrittenMacEqualsDerivedOne_ReportedAtTheWrittenMac()
    {
        // "b" boots first (order 1), so it is VM number 1: its interface 2 derives fe:fd:00:00:01:02.
        var h = new ValidatorHarness();
        var scenario = new Scenario(
            "s",
            Networks: ValueList.Of(new NetworkSpec("n")),
            Vms: ValueList.Of(
                new VmSpec("a", Interfaces: ValueList.Of(h.At(3, new InterfaceSpec(0, "n", "FE-FD-00-00-01-02")))),
                new VmSpec("b", Order: 1, Interfaces: ValueList.Of(new InterfaceSpec(2, "n")))));

        h.Validate(scenario).ShouldBe(
            ["hand.yaml:3:1: error NX1506: vm[a]/if[0]/mac: vm \"a\" interface 0: MAC fe:fd:00:00:01:02 is already used by vm \"b\" interface 2 (derived by automac)"]);
    }

    [Fact]
    public void Validate_AllZeroMac_Reported()
    {
        var h = new ValidatorHarness();
        var scenario = new Scenario("s", Networks: ValueList.Of(new NetworkSpec("n")), Vms: ValueList.Of(new VmSpec("a", Interfaces: ValueList.Of(h.At(2, new InterfaceSpec(0, "n", "00:00:00:00:00:00"))))));

        h.Validate(scenario).ShouldBe(
            ["hand.yaml:2:1: error NX1507: vm[a]/if[0]/mac: vm \"a\" interface 0: MAC \"00:00:00:00:00:00\" is the all-zero address; an interface needs a unicast MAC"]);
    }
}

using Nines.Domain.Scenarios;

namespace Nines.Domain.Tests.Scenarios;

public sealed class AutoMacAddressesTests
{
    [Theory]
    [InlineData(1, 0, 0, true)]
    [InlineData(1, 255, ScenarioLimits.MaxAutoMacVmNumber - 1, true)]
    [InlineData(1, 256, 0, false)]
    [InlineData(1, -1, 0, false)]
    [InlineData(2, 0, ScenarioLimits.MaxAutoMacVmNumber - 1, false)]
    [InlineData(1, 0, int.MaxValue, false)]
    [InlineData(1, 0, -1, false)]
    public void Fits_VmNumberInterfaceOffset_TrueExactlyWhenDeriveSucceeds(int vm, int nic, int offset, bool fits)
    {
        AutoMacAddresses.Fits(vm, nic, offset).ShouldBe(fits);
        if (fits)
        {
            AutoMacAddresses.Derive(vm, nic, offset).ShouldStartWith("fe:fd:");
        }
        else
        {
            Should.Throw<ArgumentOutOfRangeException>(() => AutoMacAddresses.Derive(vm, nic, offset));
        }
    }

    [Fact]
    public void Assign_WrittenAndDerived_EveryInterfaceByBootOrder()
    {
        // "b" has an order, so it boots first and is VM number 1; "a" is number 2.
        var scenario = new Scenario(
            "s",
            AutoMac: new AutoMacSpec(10),
            Vms: ValueList.Of(
                new VmSpec("a", Interfaces: ValueList.Of(new InterfaceSpec(0, "n"), new InterfaceSpec(1, "n", "02:00:00:00:00:01"))),
                new VmSpec("b", Order: 5, Interfaces: ValueList.Of(new InterfaceSpec(3, "n")))));

        var macs = AutoMacAddresses.Assign(scenario);

        macs.Count.ShouldBe(3);
        macs[("a", 0)].ShouldBe("fe:fd:00:00:0c:00");
        macs[("a", 1)].ShouldBe("02:00:00:00:00:01");
        macs[("b", 3)].ShouldBe("fe:fd:00:00:0b:03");
    }

    [Theory]
    [InlineData("a", true)]
    [InlineData("web-01.x_y", true)]
    [InlineData("-a", false)]
    [InlineData(".a", false)]
    [InlineData("a b", false)]
    [InlineData("", false)]
    public void IsSafeVmName_Name_MatchesDriverRule(string name, bool safe)
    {
        ScenarioLimits.IsSafeVmName(name).ShouldBe(safe);
    }
}

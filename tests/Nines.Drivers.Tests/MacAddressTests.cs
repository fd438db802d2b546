namespace Nines.Drivers.Tests;

public class MacAddressTests
{
    [Theory]
    [InlineData(3, 1, 0, "fe:fd:00:00:03:01")]
    [InlineData(3, 3, 0, "fe:fd:00:00:03:03")]
    [InlineData(1, 1, 5, "fe:fd:00:00:06:01")]
    [InlineData(255, 2, 1, "fe:fd:00:01:00:02")]
    [InlineData(51, 0, 0x10000, "fe:fd:01:00:33:00")]
    public void AutoMac_VmNumberInterfaceOffset_DerivesVnumlAddress(int vm, int nic, int offset, string expected)
    {
        MacAddress.AutoMac(vm, nic, offset).ShouldBe(expected);
    }

    [Fact]
    public void AutoMac_Always_LocallyAdministeredUnicast()
    {
        MacAddress.TryParse(MacAddress.AutoMac(7, 9, 100), out var bytes).ShouldBeTrue();

        MacAddress.IsMulticast(bytes).ShouldBeFalse();
        (bytes[0] & 2).ShouldBe(2);
    }

    [Theory]
    [InlineData(-1, 0, 0)]
    [InlineData(1, 256, 0)]
    [InlineData(1, 0, MacAddress.MaxAutoMacVm)]
    public void AutoMac_OutOfRange_Throws(int vm, int nic, int offset)
    {
        Should.Throw<ArgumentOutOfRangeException>(() => MacAddress.AutoMac(vm, nic, offset));
    }

    [Theory]
    [InlineData("fe:fd:00:00:03:01", true)]
    [InlineData("FE-FD-00-00-03-01", true)]
    [InlineData("fe:fd:00:00:03", false)]
    [InlineData("fe:fd:00:00:03:1", false)]
    [InlineData("fe:fd:00:00:03:zz", false)]
    [InlineData("fe:fd-00:00:03:01", false)]
    [InlineData("", false)]
    public void TryParse_Text_AcceptsOnlySixHexPairs(string text, bool expected)
    {
        MacAddress.TryParse(text, out _).ShouldBe(expected);
    }
}

using Nines.Domain.Scenarios;
using Nines.Scenarios.Native;

namespace Nines.Scenarios.Tests.Native;

public class AddressTextTests
{
    [Theory]
    [InlineData("10.0.0.1", IpFamily.Ipv4)]
    [InlineData("255.255.255.255", IpFamily.Ipv4)]
    [InlineData("2001:db8::1", IpFamily.Ipv6)]
    [InlineData("::", IpFamily.Ipv6)]
    [InlineData("::ffff:10.0.0.1", IpFamily.Ipv6)]
    public void FamilyOf_Address_ReturnsFamily(string text, IpFamily family) =>
        AddressText.FamilyOf(text).ShouldBe(family);

    [Theory]
    [InlineData("1")]
    [InlineData("10.0.0")]
    [InlineData("010.0.0.1")]
    [InlineData("10.0.0.256")]
    [InlineData("10.0.0.1 ")]
    [InlineData("2001:db8:::1")]
    [InlineData("host")]
    [InlineData("")]
    public void FamilyOf_NotAnAddress_ReturnsNull(string text) =>
        AddressText.FamilyOf(text).ShouldBeNull();

    [Theory]
    [InlineData("10.0.0.1/32", "10.0.0.1", 32)]
    [InlineData("2001:db8::/128", "2001:db8::", 128)]
    [InlineData("0.0.0.0/0", "0.0.0.0", 0)]
    public void ParseCidr_Valid_SplitsAddressAndPrefix(string text, string address, int prefix)
    {
        var cidr = AddressText.ParseCidr(text).ShouldNotBeNull();

        (cidr.Address, cidr.Prefix).ShouldBe((address, prefix));
    }

    [Theory]
    [InlineData("10.0.0.1")]
    [InlineData("10.0.0.1/")]
    [InlineData("10.0.0.1/33")]
    [InlineData("10.0.0.1/-1")]
    [InlineData("10.0.0.1/+8")]
    [InlineData("2001:db8::/129")]
    [InlineData("/24")]
    public void ParseCidr_Invalid_ReturnsNull(string text) =>
        AddressText.ParseCidr(text).ShouldBeNull();

    [Theory]
    [InlineData("02:fd:00:00:01:00", true)]
    [InlineData("02:FD:00:00:01:0a", true)]
    [InlineData("02-fd-00-00-01-00", false)]
    [InlineData("02:fd:00:00:01", false)]
    [InlineData("02:fd:00:00:01:0g", false)]
    public void IsMac_Text_ChecksSixHexOctets(string text, bool expected) =>
        AddressText.IsMac(text).ShouldBe(expected);
}

using System.Net;
using Nines.Domain.Scenarios;

namespace Nines.Domain.Tests.Scenarios;

public sealed class IpAddressSpecTests
{
    [Theory]
    [InlineData("10.0.3.2", 24, "10.0.3.1", true)]
    [InlineData("10.0.3.2", 24, "10.0.4.1", false)]
    [InlineData("10.0.3.2", 23, "10.0.2.9", true)]
    [InlineData("10.0.3.2", 32, "10.0.3.2", true)]
    [InlineData("10.0.3.2", 32, "10.0.3.3", false)]
    [InlineData("10.0.3.2", 0, "192.168.1.1", true)]
    [InlineData("10.0.3.2", 99, "10.0.3.2", true)]
    [InlineData("10.0.3.2", -5, "172.16.0.1", true)]
    [InlineData("2001:db8::1", 64, "2001:db8::ffff", true)]
    [InlineData("2001:db8::1", 64, "2001:db9::1", false)]
    [InlineData("2001:db8::1", 64, "10.0.3.1", false)]
    [InlineData("not-an-address", 24, "10.0.3.1", false)]
    public void SubnetHolds_Candidate_DecidedByThePrefixBitsClampedToTheFamily(string address, int prefix, string candidate, bool expected)
    {
        new IpAddressSpec(address, prefix).SubnetHolds(IPAddress.Parse(candidate)).ShouldBe(expected);
    }
}

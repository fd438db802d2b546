using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Nines.Domain.Scenarios;
using Nines.Scenarios.Vnuml;

namespace Nines.Scenarios.Tests.Vnuml;

public sealed class VnumlValueParserTests
{
    private static readonly Config _config = Config.QuickThrowOnFailure.WithMaxTest(500);

    [Theory]
    [InlineData("64M", 65536)]
    [InlineData("64m", 65536)]
    [InlineData("1G", 1048576)]
    [InlineData("512K", 512)]
    [InlineData("262144", 262144)]
    [InlineData("0", 0)]
    public void TryParseMemoryKiB_Size_Kibibytes(string text, long expected)
    {
        VnumlValueParser.TryParseMemoryKiB(text, out var kib).ShouldBeTrue();
        kib.ShouldBe(expected);
    }

    [Theory]
    [InlineData("")]
    [InlineData("M")]
    [InlineData("64X")]
    [InlineData("64 M")]
    [InlineData("-64M")]
    [InlineData("+64")]
    [InlineData("6.4G")]
    [InlineData("64MB")]
    [InlineData("99999999999999999G")]
    [InlineData("１２８")]
    public void TryParseMemoryKiB_NotASize_False(string text)
    {
        VnumlValueParser.TryParseMemoryKiB(text, out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData("255.255.255.0", 24)]
    [InlineData("255.255.255.255", 32)]
    [InlineData("0.0.0.0", 0)]
    [InlineData("255.255.128.0", 17)]
    [InlineData("24", 24)]
    [InlineData("/16", 16)]
    public void TryParseIpv4Mask_ValidMask_PrefixLength(string mask, int expected)
    {
        VnumlValueParser.TryParseIpv4Mask(mask, out var length).ShouldBeTrue();
        length.ShouldBe(expected);
    }

    [Theory]
    [InlineData("255.0.255.0")]
    [InlineData("0.255.255.255")]
    [InlineData("255.255.255.1")]
    [InlineData("33")]
    [InlineData("/")]
    [InlineData("255.255.255")]
    [InlineData("-1")]
    public void TryParseIpv4Mask_NotAMask_False(string mask)
    {
        VnumlValueParser.TryParseIpv4Mask(mask, out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData("10.0.0.1", true)]
    [InlineData("0.0.0.0", true)]
    [InlineData("10", false)]
    [InlineData("10.0.1", false)]
    [InlineData("10.0.0.256", false)]
    [InlineData("010.0.0.1", true)]
    [InlineData("0x0a.0.0.1", false)]
    [InlineData("10.0.0.1 ", false)]
    [InlineData("::1", false)]
    public void IsIpv4_Text_OnlyDottedQuads(string text, bool expected)
    {
        VnumlValueParser.IsIpv4(text).ShouldBe(expected);
    }

    [Theory]
    [InlineData("2001:db8::1", true)]
    [InlineData("::", true)]
    [InlineData("::ffff:10.0.0.1", true)]
    [InlineData("fe80::1%eth0", false)]
    [InlineData("2001:db8::zz", false)]
    [InlineData("10.0.0.1", false)]
    public void IsIpv6_Text_Expected(string text, bool expected)
    {
        VnumlValueParser.IsIpv6(text).ShouldBe(expected);
    }

    [Fact]
    public void TryParseIpv4Mask_DottedFormOfAnyPrefix_ReadsBackThatPrefix()
    {
        var property = Prop.ForAll(Gen.Choose(0, 32).ToArbitrary(), prefix =>
        {
            var bits = prefix == 0 ? 0u : uint.MaxValue << (32 - prefix);
            var dotted = string.Join('.', Enumerable.Range(0, 4).Select(i => (bits >> (24 - (8 * i))) & 0xFF));
            VnumlValueParser.TryParseIpv4Mask(dotted, out var length).ShouldBeTrue(dotted);
            length.ShouldBe(prefix, dotted);
        });
        Check.One(_config, property);
    }

    [Fact]
    public void TryParseIpv4Mask_NonContiguousBits_Rejected()
    {
        // A netmask is some ones followed by zeros: leading ones plus trailing zeros cover all 32 bits.
        var nonContiguous = ArbMap.Default.GeneratorFor<uint>()
            .Where(bits => uint.LeadingZeroCount(~bits) + uint.TrailingZeroCount(bits) != 32);
        var property = Prop.ForAll(nonContiguous.ToArbitrary(), bits =>
        {
            var dotted = string.Join('.', Enumerable.Range(0, 4).Select(i => (bits >> (24 - (8 * i))) & 0xFF));
            VnumlValueParser.TryParseIpv4Mask(dotted, out _).ShouldBeFalse(dotted);
        });
        Check.One(_config, property);
    }

    [Fact]
    public void NetworkOf_AnyAddressAndPrefix_HasNoHostBitsAndKeepsNetworkPart()
    {
        var cases = from bytes in Gen.ArrayOf(Gen.Choose(0, 255), 4)
                    from prefix in Gen.Choose(0, 32)
                    select (Address: string.Join('.', bytes), Prefix: prefix);
        var property = Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var network = VnumlValueParser.NetworkOf(c.Address, c.Prefix);
            var networkAddress = network[..network.IndexOf('/', StringComparison.Ordinal)];
            VnumlValueParser.HasHostBits(networkAddress, c.Prefix).ShouldBeFalse(network);
            VnumlValueParser.NetworkOf(networkAddress, c.Prefix).ShouldBe(network);
            VnumlValueParser.HasHostBits(c.Address, c.Prefix).ShouldBe(networkAddress != c.Address, network);
        });
        Check.One(_config, property);
    }

    [Fact]
    public void Read_AnyInterfaceAddress_ReadsBackAddressAndPrefix()
    {
        var cases = from bytes in Gen.ArrayOf(Gen.Choose(0, 255), 4)
                    from prefix in Gen.Choose(0, 32)
                    from inText in Gen.Elements(true, false)
                    select (Address: string.Join('.', bytes), Prefix: prefix, InText: inText);
        var property = Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var ipv4 = c.InText
                ? $"<ipv4>{c.Address}/{c.Prefix}</ipv4>"
                : string.Create(CultureInfo.InvariantCulture, $"<ipv4 mask=\"{c.Prefix}\">{c.Address}</ipv4>");
            var result = VnumlTestInput.Read(VnumlTestInput.Wrap(
                $"<net name=\"N\" mode=\"virtual_bridge\"/><vm name=\"a\"><if id=\"1\" net=\"N\">{ipv4}</if></vm>"));
            VnumlTestInput.Lines(result).ShouldBeEmpty(ipv4);
            result.Value!.Scenario.Vms[0].Interfaces[0].Ipv4.Single().ShouldBe(new IpAddressSpec(c.Address, c.Prefix));
        });
        Check.One(_config.WithMaxTest(200), property);
    }
}

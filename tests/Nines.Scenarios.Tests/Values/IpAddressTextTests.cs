using System.Globalization;
using System.Net;
using FsCheck;
using FsCheck.Fluent;
using Nines.Domain.Scenarios;
using Nines.Scenarios.Values;

namespace Nines.Scenarios.Tests.Values;

public sealed class IpAddressTextTests
{
    private static readonly Config _config = Config.QuickThrowOnFailure.WithMaxTest(500);

    [Theory]
    [InlineData("10.0.0.1", IpFamily.Ipv4)]
    [InlineData("0.0.0.0", IpFamily.Ipv4)]
    [InlineData("255.255.255.255", IpFamily.Ipv4)]
    [InlineData("2001:db8::1", IpFamily.Ipv6)]
    [InlineData("::", IpFamily.Ipv6)]
    [InlineData("::ffff:10.0.0.1", IpFamily.Ipv6)]
    public void FamilyOf_Address_ReturnsFamily(string text, IpFamily family)
    {
        IpAddressText.FamilyOf(text).ShouldBe(family);
        IpAddressText.IsAddress(family, text).ShouldBeTrue();
    }

    [Theory]
    [InlineData("1")]
    [InlineData("10")]
    [InlineData("10.0.0")]
    [InlineData("10.0.1")]
    [InlineData("010.0.0.1")]
    [InlineData("10.0.0.01")]
    [InlineData("0x0a.0.0.1")]
    [InlineData("10.0.0.256")]
    [InlineData("10.0.0.1 ")]
    [InlineData("10.0.0.-1")]
    [InlineData("10..0.1")]
    [InlineData("2001:db8:::1")]
    [InlineData("2001:db8::zz")]
    [InlineData("fe80::1%eth0")]
    [InlineData("fe80::1%2")]
    [InlineData("host")]
    [InlineData("")]
    public void FamilyOf_NotAnAddress_ReturnsNull(string text) =>
        IpAddressText.FamilyOf(text).ShouldBeNull();

    [Theory]
    [InlineData("10.0.0.1/32", "10.0.0.1", 32, IpFamily.Ipv4)]
    [InlineData("0.0.0.0/0", "0.0.0.0", 0, IpFamily.Ipv4)]
    [InlineData("2001:db8::/128", "2001:db8::", 128, IpFamily.Ipv6)]
    public void ParseCidr_Valid_SplitsAddressAndPrefix(string text, string address, int prefix, IpFamily family) =>
        IpAddressText.ParseCidr(text).ShouldBe((address, prefix, family));

    [Theory]
    [InlineData("10.0.0.1")]
    [InlineData("10.0.0.1/")]
    [InlineData("10.0.0.1/33")]
    [InlineData("10.0.0.1/-1")]
    [InlineData("10.0.0.1/+8")]
    [InlineData("10.0.0.1/ 8")]
    [InlineData("2001:db8::/129")]
    [InlineData("/24")]
    [InlineData("10/8")]
    public void ParseCidr_Invalid_ReturnsNull(string text) =>
        IpAddressText.ParseCidr(text).ShouldBeNull();

    [Theory]
    [InlineData("255.255.255.0", 24)]
    [InlineData("255.255.255.255", 32)]
    [InlineData("0.0.0.0", 0)]
    [InlineData("255.255.128.0", 17)]
    [InlineData("24", 24)]
    [InlineData("/16", 16)]
    public void TryParseIpv4Mask_ValidMask_PrefixLength(string mask, int expected)
    {
        IpAddressText.TryParseIpv4Mask(mask, allowSlash: true, out var length).ShouldBeTrue();
        length.ShouldBe(expected);
    }

    [Theory]
    [InlineData("255.0.255.0")]
    [InlineData("0.255.255.255")]
    [InlineData("255.255.255.1")]
    [InlineData("255.255.255.000")]
    [InlineData("33")]
    [InlineData("/")]
    [InlineData("255.255.255")]
    [InlineData("-1")]
    public void TryParseIpv4Mask_NotAMask_False(string mask) =>
        IpAddressText.TryParseIpv4Mask(mask, allowSlash: true, out _).ShouldBeFalse();

    [Fact]
    public void TryParseIpv4Mask_SlashNotAllowed_False() =>
        IpAddressText.TryParseIpv4Mask("/16", allowSlash: false, out _).ShouldBeFalse();

    [Theory]
    [InlineData("64", 64)]
    [InlineData("/128", 128)]
    public void TryParseIpv6Mask_PrefixLength_Parsed(string mask, int expected)
    {
        IpAddressText.TryParseIpv6Mask(mask, out var length).ShouldBeTrue();
        length.ShouldBe(expected);
    }

    [Fact]
    public void IsIpv4_AnyFourOctets_AgreesWithIPAddress()
    {
        var property = Prop.ForAll(Gen.ArrayOf(Gen.Choose(0, 255), 4).ToArbitrary(), octets =>
        {
            var text = string.Join('.', octets);
            IpAddressText.IsIpv4(text).ShouldBeTrue(text);
            IpAddressText.IsIpv6(text).ShouldBeFalse(text);
            var parsed = IPAddress.Parse(text);
            parsed.GetAddressBytes().ShouldBe(octets.Select(o => (byte)o).ToArray(), text);
            parsed.ToString().ShouldBe(text);
        });
        Check.One(_config, property);
    }

    [Fact]
    public void IsIpv6_AnySixteenBytesInEitherForm_AgreesWithIPAddress()
    {
        var cases = from bytes in Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), 16)
                    from full in Gen.Elements(true, false)
                    select (Bytes: bytes, Full: full);
        var property = Prop.ForAll(cases.ToArbitrary(), c =>
        {
            // IPAddress writes the compressed form (with an IPv4 tail for mapped addresses); the full form has eight groups.
            var text = c.Full
                ? string.Join(':', Enumerable.Range(0, 8).Select(i => ((c.Bytes[2 * i] << 8) | c.Bytes[(2 * i) + 1]).ToString("x", CultureInfo.InvariantCulture)))
                : new IPAddress(c.Bytes).ToString();
            IpAddressText.FamilyOf(text).ShouldBe(IpFamily.Ipv6, text);
            IPAddress.Parse(text).GetAddressBytes().ShouldBe(c.Bytes, text);
        });
        Check.One(_config, property);
    }

    [Fact]
    public void IsIpv4_AnyAcceptedText_IPAddressReadsItBackUnchanged()
    {
        // Strings over the characters of an address: whatever IsIpv4 accepts, System.Net accepts too and
        // writes the same way, so a strict IPv4 is a canonical one.
        var text = Gen.ArrayOf(Gen.Elements('0', '1', '2', '5', '9', '.', 'x'))
            .Where(chars => chars.Length <= 15)
            .Select(chars => new string(chars));
        var property = Prop.ForAll(text.ToArbitrary(), s =>
        {
            if (IpAddressText.IsIpv4(s))
            {
                IPAddress.TryParse(s, out var parsed).ShouldBeTrue(s);
                parsed!.ToString().ShouldBe(s);
            }
        });
        Check.One(_config.WithMaxTest(2000), property);
    }

    [Fact]
    public void IsIpv4_ShortFormsIPAddressAccepts_Rejected()
    {
        // IPAddress.TryParse reads "10" as 0.0.0.10 and "10.1" as 10.0.0.1 (inet_aton's short forms).
        var cases = from value in ArbMap.Default.GeneratorFor<uint>()
                    from parts in Gen.Choose(1, 3)
                    select parts switch
                    {
                        1 => value.ToString(CultureInfo.InvariantCulture),
                        2 => $"{value >> 24}.{value & 0xFFFFFF}",
                        _ => $"{value >> 24}.{(value >> 16) & 0xFF}.{value & 0xFFFF}",
                    };
        var property = Prop.ForAll(cases.ToArbitrary(), text =>
        {
            IPAddress.TryParse(text, out _).ShouldBeTrue(text);
            IpAddressText.IsIpv4(text).ShouldBeFalse(text);
        });
        Check.One(_config, property);
    }

    [Fact]
    public void IsIpv4_OctetWithLeadingZero_Rejected()
    {
        // inet_aton reads 010 as octal 8; rather than guess, a scenario must write 8 or 10.
        var cases = from octets in Gen.ArrayOf(Gen.Choose(0, 99), 4)
                    from padded in Gen.Choose(0, 3)
                    select string.Join('.', octets.Select((o, i) => i == padded ? "0" + o.ToString(CultureInfo.InvariantCulture) : o.ToString(CultureInfo.InvariantCulture)));
        var property = Prop.ForAll(cases.ToArbitrary(), text => IpAddressText.IsIpv4(text).ShouldBeFalse(text));
        Check.One(_config, property);
    }

    [Fact]
    public void TryParseIpv4Mask_DottedFormOfAnyPrefix_ReadsBackThatPrefix()
    {
        var property = Prop.ForAll(Gen.Choose(0, 32).ToArbitrary(), prefix =>
        {
            var bits = prefix == 0 ? 0u : uint.MaxValue << (32 - prefix);
            var dotted = string.Join('.', Enumerable.Range(0, 4).Select(i => (bits >> (24 - (8 * i))) & 0xFF));
            IpAddressText.TryParseIpv4Mask(dotted, allowSlash: false, out var length).ShouldBeTrue(dotted);
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
            IpAddressText.TryParseIpv4Mask(dotted, allowSlash: true, out _).ShouldBeFalse(dotted);
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
            var network = IpAddressText.NetworkOf(c.Address, c.Prefix);
            var networkAddress = network[..network.IndexOf('/', StringComparison.Ordinal)];
            IpAddressText.HasHostBits(networkAddress, c.Prefix).ShouldBeFalse(network);
            IpAddressText.NetworkOf(networkAddress, c.Prefix).ShouldBe(network);
            IpAddressText.HasHostBits(c.Address, c.Prefix).ShouldBe(networkAddress != c.Address, network);
        });
        Check.One(_config, property);
    }
}

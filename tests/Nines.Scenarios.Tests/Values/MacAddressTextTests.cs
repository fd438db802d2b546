using FsCheck;
using FsCheck.Fluent;
using Nines.Scenarios.Values;

namespace Nines.Scenarios.Tests.Values;

public sealed class MacAddressTextTests
{
    [Theory]
    [InlineData("02:fd:00:00:01:00", "02:fd:00:00:01:00")]
    [InlineData("02:FD:00:00:01:0a", "02:fd:00:00:01:0a")]
    [InlineData("52-54-00-AB-CD-EF", "52:54:00:ab:cd:ef")]
    public void Canonical_Mac_LowerCaseWithColons(string text, string expected) =>
        MacAddressText.Canonical(text).ShouldBe(expected);

    [Theory]
    [InlineData("")]
    [InlineData("02:fd:00:00:01")]
    [InlineData("02:fd:00:00:01:0g")]
    [InlineData("02:00-00:00:00:01")]
    [InlineData("02.fd.00.00.01.00")]
    [InlineData("0200.0000.0001")]
    [InlineData("2:0:0:0:0:1")]
    [InlineData("02:fd:00:00:01:00 ")]
    public void Canonical_NotAMac_Null(string text)
    {
        MacAddressText.Canonical(text).ShouldBeNull();
        MacAddressText.IsMac(text).ShouldBeFalse();
    }

    [Theory]
    [InlineData("01:00:5e:00:00:01", true)]
    [InlineData("FF-FF-FF-FF-FF-FF", true)]
    [InlineData("02:00:00:00:00:01", false)]
    [InlineData("fe:fd:00:00:00:00", false)]
    public void IsMulticast_Mac_LowBitOfFirstOctet(string mac, bool expected) =>
        MacAddressText.IsMulticast(mac).ShouldBe(expected);

    [Fact]
    public void Canonical_AnySixBytesInEitherSpelling_AgreesWithPhysicalAddress()
    {
        var cases = from bytes in Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), 6)
                    from separator in Gen.Elements(':', '-')
                    from upper in Gen.Elements(true, false)
                    select (Bytes: bytes, Separator: separator, Upper: upper);
        var property = Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var text = string.Join(c.Separator, c.Bytes.Select(b => b.ToString(c.Upper ? "X2" : "x2", System.Globalization.CultureInfo.InvariantCulture)));
            var canonical = MacAddressText.Canonical(text).ShouldNotBeNull(text);
            System.Net.NetworkInformation.PhysicalAddress.Parse(canonical).GetAddressBytes().ShouldBe(c.Bytes, text);
            MacAddressText.IsMulticast(text).ShouldBe((c.Bytes[0] & 1) == 1, text);
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), property);
    }
}

using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Nines.Domain.Scenarios;

namespace Nines.Scenarios.Tests.Vnuml;

public sealed class VnumlReaderAddressPropertyTests
{
    private static readonly Config _config = Config.QuickThrowOnFailure.WithMaxTest(500);

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

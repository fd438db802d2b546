using FsCheck;
using FsCheck.Fluent;
using Nines.Scenarios.Values;

namespace Nines.Scenarios.Tests.Values;

public sealed class SizeTextTests
{
    private static readonly Config _config = Config.QuickThrowOnFailure.WithMaxTest(500);

    [Theory]
    [InlineData("100", SizeText.KiB, 100L)]
    [InlineData("100", SizeText.Bytes, 100L)]
    [InlineData("1K", SizeText.Bytes, 1024L)]
    [InlineData("1K", SizeText.KiB, 1L)]
    [InlineData("3g", SizeText.KiB, 3L << 20)]
    [InlineData("64M", SizeText.KiB, 65536L)]
    [InlineData("64m", SizeText.KiB, 65536L)]
    [InlineData("262144", SizeText.KiB, 262144L)]
    [InlineData("0", SizeText.KiB, 0L)]
    [InlineData("8589934591T", SizeText.KiB, 8589934591L << 30)]
    [InlineData("4096", SizeText.MiB, 4096L)]
    [InlineData("8G", SizeText.MiB, 8192L)]
    [InlineData("1t", SizeText.MiB, 1L << 20)]
    public void TryParse_Valid_ScalesToBaseUnit(string text, int baseShift, long expected)
    {
        SizeText.TryParse(text, baseShift, out var value).ShouldBeTrue();
        value.ShouldBe(expected);
    }

    [Theory]
    [InlineData("")]
    [InlineData("M")]
    [InlineData("64X")]
    [InlineData("-1M")]
    [InlineData("+1M")]
    [InlineData("+64")]
    [InlineData("1.5G")]
    [InlineData("1 G")]
    [InlineData(" 1G")]
    [InlineData("1MB")]
    [InlineData("1MiB")]
    [InlineData("8589934592T")]
    [InlineData("99999999999999999G")]
    [InlineData("99999999999999999999")]
    [InlineData("１２８")]
    public void TryParse_NotASize_ReturnsFalse(string text) =>
        SizeText.TryParse(text, SizeText.KiB, out _).ShouldBeFalse();

    [Theory]
    [InlineData("512K")]
    [InlineData("1k")]
    public void TryParse_UnitBelowBase_ReturnsFalse(string text) =>
        SizeText.TryParse(text, SizeText.MiB, out _).ShouldBeFalse();

    [Theory]
    [InlineData(0L, SizeText.Bytes, "0")]
    [InlineData(1023L, SizeText.Bytes, "1023")]
    [InlineData(1L << 40, SizeText.Bytes, "1T")]
    [InlineData(1536L, SizeText.KiB, "1536K")]
    [InlineData(1L << 20, SizeText.KiB, "1G")]
    [InlineData(1536L, SizeText.MiB, "1536M")]
    [InlineData(8192L, SizeText.MiB, "8G")]
    public void Format_Value_UsesLargestExactUnit(long value, int baseShift, string expected) =>
        SizeText.Format(value, baseShift).ShouldBe(expected);

    [Fact]
    public void FormatThenParse_AnyValueAndBase_RoundTrips()
    {
        var cases = from baseShift in Gen.Elements(SizeText.Bytes, SizeText.KiB, SizeText.MiB)
                    from mantissa in ArbMap.Default.GeneratorFor<long>().Select(v => v & long.MaxValue)
                    from shift in Gen.Choose(0, 62)
                    select (Base: baseShift, Value: mantissa >> shift);
        var property = Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var text = SizeText.Format(c.Value, c.Base);
            SizeText.TryParse(text, c.Base, out var back).ShouldBeTrue(text);
            back.ShouldBe(c.Value, text);
        });
        Check.One(_config, property);
    }

    [Fact]
    public void ParseThenFormat_AnyUnitMultiple_ChoosesNoSmallerUnit()
    {
        // A value written with a unit never comes back in a smaller unit: 2048M is written 2G, not 2097152K.
        var cases = from number in Gen.Choose(1, 1 << 20)
                    from unit in Gen.Elements("K", "M", "G", "T")
                    select (Number: number, Unit: unit);
        var property = Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var text = $"{c.Number}{c.Unit}";
            SizeText.TryParse(text, SizeText.KiB, out var kib).ShouldBeTrue(text);
            var formatted = SizeText.Format(kib, SizeText.KiB);
            "KMGT".IndexOf(formatted[^1], StringComparison.Ordinal).ShouldBeGreaterThanOrEqualTo("KMGT".IndexOf(c.Unit, StringComparison.Ordinal), formatted);
        });
        Check.One(_config, property);
    }

    [Theory]
    [InlineData(0L, long.MaxValue, true, 0L)]
    [InlineData(1L << 31, 1L << 31, true, 1L << 62)]
    [InlineData(long.MaxValue, 1L, true, long.MaxValue)]
    [InlineData(1L << 32, 1L << 31, false, 0L)]
    [InlineData(long.MaxValue, 2L, false, 0L)]
    public void TryMultiply_Operands_FailsExactlyOnOverflow(long left, long right, bool fits, long expected)
    {
        SizeText.TryMultiply(left, right, out var product).ShouldBe(fits);
        product.ShouldBe(expected);
    }
}

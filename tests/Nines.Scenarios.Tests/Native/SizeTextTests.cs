using Nines.Scenarios.Native;

namespace Nines.Scenarios.Tests.Native;

public class SizeTextTests
{
    [Theory]
    [InlineData("100", 10, 100L)]
    [InlineData("100", 0, 100L)]
    [InlineData("1K", 0, 1024L)]
    [InlineData("1K", 10, 1L)]
    [InlineData("3g", 10, 3L << 20)]
    [InlineData("8589934591T", 10, 8589934591L << 30)]
    public void TryParse_Valid_ScalesToBaseUnit(string text, int baseShift, long expected)
    {
        SizeText.TryParse(text, baseShift, out var value).ShouldBeTrue();
        value.ShouldBe(expected);
    }

    [Theory]
    [InlineData("")]
    [InlineData("M")]
    [InlineData("-1M")]
    [InlineData("+1M")]
    [InlineData("1.5G")]
    [InlineData("1 G")]
    [InlineData("1MB")]
    [InlineData("8589934592T")]
    [InlineData("99999999999999999999")]
    public void TryParse_Invalid_ReturnsFalse(string text) =>
        SizeText.TryParse(text, 10, out _).ShouldBeFalse();

    [Theory]
    [InlineData(0L, 0, "0")]
    [InlineData(1023L, 0, "1023")]
    [InlineData(1L << 40, 0, "1T")]
    [InlineData(1536L, 10, "1536K")]
    [InlineData(1L << 20, 10, "1G")]
    public void Format_Value_UsesLargestExactUnit(long value, int baseShift, string expected) =>
        SizeText.Format(value, baseShift).ShouldBe(expected);

    [Fact]
    public void FormatThenParse_AnyValue_RoundTrips()
    {
        foreach (var value in new[] { 1L, 1000L, 1024L, 123456789L, long.MaxValue, 1L << 62 })
        {
            SizeText.TryParse(SizeText.Format(value, 10), 10, out var back).ShouldBeTrue();
            back.ShouldBe(value);
        }
    }
}

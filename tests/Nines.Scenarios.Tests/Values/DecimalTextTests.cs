using Nines.Scenarios.Values;

namespace Nines.Scenarios.Tests.Values;

public sealed class DecimalTextTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("007", 7)]
    [InlineData("2147483647", int.MaxValue)]
    public void TryParseNatural_Digits_Value(string text, int expected)
    {
        DecimalText.TryParseNatural(text, out int value).ShouldBeTrue();
        value.ShouldBe(expected);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("1,000")]
    [InlineData("1e3")]
    [InlineData("0x10")]
    [InlineData("１２")]
    [InlineData("2147483648")]
    public void TryParseNatural_NotPlainDigits_False(string text) =>
        DecimalText.TryParseNatural(text, out int _).ShouldBeFalse();

    [Fact]
    public void TryParseNatural_Long_TakesWhatIntCannot()
    {
        DecimalText.TryParseNatural("9223372036854775807", out long value).ShouldBeTrue();
        value.ShouldBe(long.MaxValue);
        DecimalText.TryParseNatural("9223372036854775808", out long _).ShouldBeFalse();
    }
}

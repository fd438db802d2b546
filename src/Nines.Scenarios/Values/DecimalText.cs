using System.Globalization;

namespace Nines.Scenarios.Values;

/// <summary>
/// Whole numbers as every scenario format writes them: plain ASCII decimal digits, no sign, no spaces, no
/// group separators. <see cref="NumberStyles.None"/> alone already refuses signs and spaces; the digit check
/// keeps the rule visible and independent of the runtime's notion of a digit.
/// </summary>
internal static class DecimalText
{
    /// <summary>A non-negative <see cref="int"/> in plain decimal digits; false when empty, signed or too large.</summary>
    public static bool TryParseNatural(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        return IsDigits(text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>A non-negative <see cref="long"/> in plain decimal digits; false when empty, signed or too large.</summary>
    public static bool TryParseNatural(ReadOnlySpan<char> text, out long value)
    {
        value = 0;
        return IsDigits(text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static bool IsDigits(ReadOnlySpan<char> text) => !text.IsEmpty && !text.ContainsAnyExceptInRange('0', '9');
}

using System.Globalization;

namespace Nines.Scenarios.Native;

/// <summary>
/// Sizes as the native format writes them: a decimal number with an optional binary unit
/// <c>K</c>, <c>M</c>, <c>G</c> or <c>T</c> (powers of 1024). What a plain number means depends on the
/// field: KiB for memory (VNUML's convention), bytes for disk capacity.
/// </summary>
internal static class SizeText
{
    private static readonly (char Unit, int Shift)[] _units = [('T', 40), ('G', 30), ('M', 20), ('K', 10)];

    /// <summary>Parses a size into units of 2^<paramref name="baseShift"/> bytes (10 for KiB, 0 for bytes).</summary>
    public static bool TryParse(string text, int baseShift, out long value)
    {
        value = 0;
        if (text.Length == 0)
        {
            return false;
        }

        var shift = baseShift;
        var digits = text;
        var last = char.ToUpperInvariant(text[^1]);
        foreach (var (unit, unitShift) in _units)
        {
            if (last == unit)
            {
                shift = unitShift;
                digits = text[..^1];
                break;
            }
        }

        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit)
            || !long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        var factorShift = shift - baseShift;
        if (factorShift < 0)
        {
            // A unit smaller than the field's base (e.g. bytes would never be asked for): not representable.
            return false;
        }

        if (factorShift > 0 && number > (long.MaxValue >> factorShift))
        {
            return false;
        }

        value = number << factorShift;
        return true;
    }

    /// <summary>Formats with the largest unit that divides the value exactly, never losing precision.</summary>
    public static string Format(long value, int baseShift)
    {
        foreach (var (unit, unitShift) in _units)
        {
            var factorShift = unitShift - baseShift;
            if (factorShift >= 0 && value != 0 && value % (1L << factorShift) == 0)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{value >> factorShift}{unit}");
            }
        }

        return value.ToString(CultureInfo.InvariantCulture);
    }
}

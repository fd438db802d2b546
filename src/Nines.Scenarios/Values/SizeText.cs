using System.Globalization;

namespace Nines.Scenarios.Values;

/// <summary>
/// Sizes as the scenario formats write them: a decimal number with an optional binary unit <c>K</c>,
/// <c>M</c>, <c>G</c> or <c>T</c> (powers of 1024, either case, no space, no <c>B</c>/<c>iB</c>). What a
/// plain number means is the field's base unit: KiB for VM memory (VNUML's convention), MiB for host
/// memory in a cluster file, bytes for disk capacity.
/// </summary>
internal static class SizeText
{
    /// <summary>Base shift of a field whose plain numbers are bytes.</summary>
    public const int Bytes = 0;

    /// <summary>Base shift of a field whose plain numbers are KiB.</summary>
    public const int KiB = 10;

    /// <summary>Base shift of a field whose plain numbers are MiB.</summary>
    public const int MiB = 20;

    private static readonly (char Unit, int Shift)[] _units = [('T', 40), ('G', 30), ('M', 20), ('K', 10)];

    /// <summary>
    /// Parses a size into units of 2^<paramref name="baseShift"/> bytes. False when the text is not a size,
    /// when its unit is smaller than the base (<c>512K</c> for a MiB field) or when the value overflows.
    /// </summary>
    public static bool TryParse(string text, int baseShift, out long value)
    {
        value = 0;
        if (text.Length == 0)
        {
            return false;
        }

        var shift = baseShift;
        var digits = text.AsSpan();
        var last = char.ToUpperInvariant(text[^1]);
        foreach (var (unit, unitShift) in _units)
        {
            if (last == unit)
            {
                shift = unitShift;
                digits = digits[..^1];
                break;
            }
        }

        // A unit smaller than the field's base is not representable (bytes are never asked for in KiB fields).
        return DecimalText.TryParseNatural(digits, out long number)
            && shift >= baseShift
            && TryMultiply(number, 1L << (shift - baseShift), out value);
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

    /// <summary>
    /// <paramref name="left"/> × <paramref name="right"/> for non-negative operands, false when the product
    /// does not fit in a <see cref="long"/>: the one overflow check for sizes, units and unit factors.
    /// </summary>
    public static bool TryMultiply(long left, long right, out long product)
    {
        var wide = (Int128)left * right;
        product = wide > long.MaxValue ? 0 : (long)wide;
        return wide <= long.MaxValue;
    }
}

using Nines.Scenarios.Values;

namespace Nines.Scenarios.Ovf;

/// <summary>
/// Reads the allocation units OVF writes for memory and disk capacity: DMTF programmatic units
/// (<c>byte * 2^20</c>, <c>byte*10^9</c>, <c>byte * 1024</c>) and the legacy names tools still emit
/// (<c>MegaBytes</c>, <c>GB</c>). Legacy names are binary (MegaBytes = 2^20 bytes), as VMware reads them.
/// </summary>
internal static class OvfAllocationUnits
{
    private static readonly Dictionary<string, long> _named = new(StringComparer.Ordinal)
    {
        ["byte"] = 1,
        ["bytes"] = 1,
        ["kilobyte"] = 1L << 10,
        ["kilobytes"] = 1L << 10,
        ["kb"] = 1L << 10,
        ["kib"] = 1L << 10,
        ["megabyte"] = 1L << 20,
        ["megabytes"] = 1L << 20,
        ["mb"] = 1L << 20,
        ["mib"] = 1L << 20,
        ["gigabyte"] = 1L << 30,
        ["gigabytes"] = 1L << 30,
        ["gb"] = 1L << 30,
        ["gib"] = 1L << 30,
        ["terabyte"] = 1L << 40,
        ["terabytes"] = 1L << 40,
        ["tb"] = 1L << 40,
        ["tib"] = 1L << 40,
    };

    /// <summary>How many bytes one unit is, or null when <paramref name="units"/> is not a byte unit we know.</summary>
    public static long? BytesPerUnit(string units)
    {
        var compact = string.Concat(units.Where(c => !char.IsWhiteSpace(c))).ToLowerInvariant();
        if (_named.TryGetValue(compact, out var named))
        {
            return named;
        }

        var factors = compact.Split('*');
        if (factors.Length < 2 || factors[0] is not ("byte" or "bytes"))
        {
            return null;
        }

        var total = 1L;
        foreach (var factor in factors.Skip(1))
        {
            if (Factor(factor) is not { } value || !SizeText.TryMultiply(total, value, out total))
            {
                return null;
            }
        }

        return total;
    }

    /// <summary><paramref name="quantity"/> units in bytes, or null when it does not fit in a long.</summary>
    public static long? ToBytes(long quantity, long bytesPerUnit) =>
        SizeText.TryMultiply(quantity, bytesPerUnit, out var bytes) ? bytes : null;

    // One factor of a programmatic unit: "1024" or "2^20" / "10^6"; exponents are capped so the value fits.
    private static long? Factor(string text)
    {
        var parts = text.Split('^');
        if (parts.Length > 2 || !DecimalText.TryParseNatural(parts[0], out long number) || number < 1)
        {
            return null;
        }

        if (parts.Length == 1)
        {
            return number;
        }

        if (!DecimalText.TryParseNatural(parts[1], out int exponent) || exponent > 62)
        {
            return null;
        }

        var value = 1L;
        for (var i = 0; i < exponent; i++)
        {
            if (!SizeText.TryMultiply(value, number, out value))
            {
                return null;
            }
        }

        return value;
    }
}

using System.Globalization;

namespace Nines.Scenarios.Clusters;

/// <summary>
/// Host memory sizes in the native cluster format: a number of MiB (<c>4096</c>) or a number with a binary
/// suffix (<c>4096M</c>, <c>8G</c>, <c>1T</c>; <c>MiB</c>/<c>GiB</c>/<c>TiB</c> and <c>MB</c>/<c>GB</c>/<c>TB</c> mean the same).
/// </summary>
internal static class MemorySize
{
    /// <summary>The size in MiB, or null when <paramref name="text"/> is not a size or does not fit.</summary>
    public static long? ParseMiB(string text)
    {
        var trimmed = text.Trim();
        var digits = trimmed.TakeWhile(char.IsAsciiDigit).Count();
        if (digits == 0 || !long.TryParse(trimmed.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return null;
        }

        long? factor = trimmed[digits..].Trim().ToUpperInvariant() switch
        {
            "" or "M" or "MB" or "MIB" => 1,
            "G" or "GB" or "GIB" => 1024,
            "T" or "TB" or "TIB" => 1024 * 1024,
            _ => null,
        };
        if (factor is null || number > long.MaxValue / factor)
        {
            return null;
        }

        return number * factor;
    }

    /// <summary>The shortest exact form: <c>8G</c> for whole GiB, else <c>1536M</c>.</summary>
    public static string Format(long mib) =>
        mib != 0 && mib % 1024 == 0
            ? (mib / 1024).ToString(CultureInfo.InvariantCulture) + "G"
            : mib.ToString(CultureInfo.InvariantCulture) + "M";
}

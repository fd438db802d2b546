using System.Globalization;
using System.Text.RegularExpressions;

namespace Nines.Cli.Input;

/// <summary>
/// Sizes on the command line: a number and an optional binary unit, <c>K M G T</c> (also written <c>Ki</c>, <c>KiB</c>,
/// <c>KB</c>: all powers of 1024), such as <c>256GiB</c> or <c>512M</c>. A bare number is in the unit the option names.
/// </summary>
internal static partial class SizeArgument
{
    /// <summary>The size in bytes, or null with what is wrong in <paramref name="error"/>; a bare number counts <paramref name="bareUnit"/> bytes each.</summary>
    public static long? Parse(string text, long bareUnit, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        error = string.Empty;
        var match = Pattern().Match(text.Trim());
        if (!match.Success || !long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            error = $"\"{text}\" is not a size (expected a number and an optional unit K, M, G or T, such as 256GiB)";
            return null;
        }

        var unit = match.Groups[2].Value.ToUpperInvariant() switch
        {
            "" => bareUnit,
            "B" => 1,
            var u when u.StartsWith('K') => 1L << 10,
            var u when u.StartsWith('M') => 1L << 20,
            var u when u.StartsWith('G') => 1L << 30,
            _ => 1L << 40,
        };
        if (amount > long.MaxValue / unit)
        {
            error = $"\"{text}\" is too large";
            return null;
        }

        return amount * unit;
    }

    [GeneratedRegex(@"\A([0-9]{1,19})\s*(B|[KMGT](?:i?B?)?)?\z", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Pattern();
}

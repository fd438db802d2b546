using System.Globalization;

namespace Nines.Scenarios.Values;

/// <summary>
/// MAC addresses as the scenario formats write them: six pairs of hex digits separated all by colons
/// (<c>02:fd:00:00:01:00</c>) or all by dashes (<c>02-FD-00-00-01-00</c>, as some OVF producers write them).
/// </summary>
internal static class MacAddressText
{
    /// <summary>
    /// The address in canonical form (lower case, colons), or null when <paramref name="text"/> is not a
    /// MAC address. Comparing canonical forms is how two spellings of one address are found to be the same.
    /// </summary>
    public static string? Canonical(string text)
    {
        if (text.Length != 17)
        {
            return null;
        }

        var separator = text[2];
        if (separator is not (':' or '-'))
        {
            return null;
        }

        for (var i = 0; i < text.Length; i++)
        {
            if (i % 3 == 2 ? text[i] != separator : !char.IsAsciiHexDigit(text[i]))
            {
                return null;
            }
        }

        return text.Replace('-', ':').ToLowerInvariant();
    }

    /// <summary>Whether <paramref name="text"/> is a MAC address in either spelling.</summary>
    public static bool IsMac(string text) => Canonical(text) is not null;

    /// <summary>
    /// Whether a MAC address (already checked) is a group address: the low bit of the first octet is set,
    /// so no interface can own it.
    /// </summary>
    public static bool IsMulticast(string mac) =>
        (int.Parse(mac.AsSpan(0, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture) & 1) == 1;
}

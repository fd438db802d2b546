using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Nines.Domain.Scenarios;

namespace Nines.Scenarios.Native;

/// <summary>
/// Strict checks for the addresses the native format accepts. <see cref="IPAddress.TryParse(string, out IPAddress)"/>
/// alone is too lenient (it takes <c>1</c> as 0.0.0.1), so IPv4 must be four dotted decimal octets.
/// </summary>
internal static class AddressText
{
    /// <summary>The family of an address without prefix, or null when it is not an address.</summary>
    public static IpFamily? FamilyOf(string text)
    {
        if (IsIpv4(text))
        {
            return IpFamily.Ipv4;
        }

        return text.Contains(':', StringComparison.Ordinal)
            && IPAddress.TryParse(text, out var address)
            && address.AddressFamily == AddressFamily.InterNetworkV6
                ? IpFamily.Ipv6
                : null;
    }

    /// <summary>Splits <c>address/prefix</c>; null when the text is not an address of a known family with a valid prefix.</summary>
    public static (string Address, int Prefix, IpFamily Family)? ParseCidr(string text)
    {
        var slash = text.LastIndexOf('/');
        if (slash <= 0)
        {
            return null;
        }

        var address = text[..slash];
        var prefixText = text[(slash + 1)..];
        if (FamilyOf(address) is not { } family
            || prefixText.Length is 0 or > 3
            || !prefixText.All(char.IsAsciiDigit)
            || !int.TryParse(prefixText, NumberStyles.None, CultureInfo.InvariantCulture, out var prefix)
            || prefix > MaxPrefix(family))
        {
            return null;
        }

        return (address, prefix, family);
    }

    public static int MaxPrefix(IpFamily family) => family == IpFamily.Ipv4 ? 32 : 128;

    /// <summary>Six colon-separated pairs of hex digits (<c>02:fd:00:00:01:00</c>).</summary>
    public static bool IsMac(string text) =>
        text.Length == 17
        && Enumerable.Range(0, 17).All(i => i % 3 == 2 ? text[i] == ':' : char.IsAsciiHexDigit(text[i]));

    private static bool IsIpv4(string text)
    {
        var parts = text.Split('.');
        return parts.Length == 4 && parts.All(IsOctet);
    }

    private static bool IsOctet(string part) =>
        part.Length is >= 1 and <= 3
        && part.All(char.IsAsciiDigit)
        && (part.Length == 1 || part[0] != '0')
        && int.Parse(part, CultureInfo.InvariantCulture) <= 255;
}

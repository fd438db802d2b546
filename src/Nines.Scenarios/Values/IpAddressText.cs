using System.Net;
using System.Net.Sockets;
using Nines.Domain.Scenarios;

namespace Nines.Scenarios.Values;

/// <summary>
/// Strict syntax for the IP addresses, prefixes and masks the scenario formats accept.
/// <see cref="IPAddress.TryParse(string, out IPAddress)"/> alone is too lenient for a scenario: it takes
/// <c>10</c> as 0.0.0.10, <c>0x0a.0.0.1</c> as 10.0.0.1 and <c>010.0.0.1</c> as 8.0.0.1 (octal, as
/// <c>inet_aton</c> does), so IPv4 must be exactly four decimal octets without leading zeros.
/// </summary>
internal static class IpAddressText
{
    /// <summary>A dotted-quad IPv4 address: four decimal octets 0-255, no leading zeros, nothing else.</summary>
    public static bool IsIpv4(string text)
    {
        var parts = text.Split('.');
        return parts.Length == 4 && parts.All(IsOctet);
    }

    /// <summary>
    /// An IPv6 address in any textual form, including an embedded IPv4 tail (<c>::ffff:10.0.0.1</c>), but
    /// without a zone index: a scenario cannot name a link of the host it will run on.
    /// </summary>
    public static bool IsIpv6(string text) =>
        text.Contains(':', StringComparison.Ordinal) && !text.Contains('%', StringComparison.Ordinal)
        && IPAddress.TryParse(text, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6;

    /// <summary>Whether <paramref name="text"/> is an address of <paramref name="family"/>.</summary>
    public static bool IsAddress(IpFamily family, string text) => family == IpFamily.Ipv4 ? IsIpv4(text) : IsIpv6(text);

    /// <summary>The family of an address without prefix, or null when it is not an address.</summary>
    public static IpFamily? FamilyOf(string text) =>
        IsIpv4(text) ? IpFamily.Ipv4 : IsIpv6(text) ? IpFamily.Ipv6 : null;

    /// <summary>The longest prefix of <paramref name="family"/>: 32 or 128.</summary>
    public static int MaxPrefix(IpFamily family) => family == IpFamily.Ipv4 ? 32 : 128;

    /// <summary>A prefix length in plain decimal digits, 0 to <paramref name="max"/>.</summary>
    public static bool TryParsePrefixLength(string text, int max, out int prefixLength) =>
        DecimalText.TryParseNatural(text, out prefixLength) && prefixLength <= max;

    /// <summary>Splits <c>address/prefix</c>; null when the text is not an address of a known family with a valid prefix.</summary>
    public static (string Address, int Prefix, IpFamily Family)? ParseCidr(string text)
    {
        var slash = text.LastIndexOf('/');
        if (slash <= 0)
        {
            return null;
        }

        var address = text[..slash];
        return FamilyOf(address) is { } family && TryParsePrefixLength(text[(slash + 1)..], MaxPrefix(family), out var prefix)
            ? (address, prefix, family)
            : null;
    }

    /// <summary>A dotted IPv4 netmask (<c>255.255.255.0</c>) as a prefix length; false when the ones are not contiguous.</summary>
    public static bool TryParseDottedMask(string text, out int prefixLength)
    {
        prefixLength = 0;
        if (!IsIpv4(text))
        {
            return false;
        }

        var bits = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(IPAddress.Parse(text).GetAddressBytes());
        var ones = (int)uint.LeadingZeroCount(~bits);
        if (ones < 32 && bits << ones != 0)
        {
            return false;
        }

        prefixLength = ones;
        return true;
    }

    /// <summary>
    /// An IPv4 mask as VNUML and EDIV write it: dotted (<c>255.255.255.0</c>, ones contiguous) or a prefix
    /// length (<c>24</c>, or <c>/24</c> when <paramref name="allowSlash"/>).
    /// </summary>
    public static bool TryParseIpv4Mask(string text, bool allowSlash, out int prefixLength) =>
        TryParseDottedMask(text, out prefixLength)
        || TryParsePrefixLength(allowSlash && text.StartsWith('/') ? text[1..] : text, 32, out prefixLength);

    /// <summary>An IPv6 mask: a prefix length, <c>64</c> or <c>/64</c>.</summary>
    public static bool TryParseIpv6Mask(string text, out int prefixLength) =>
        TryParsePrefixLength(text.StartsWith('/') ? text[1..] : text, 128, out prefixLength);

    /// <summary>Whether <paramref name="address"/> (already checked) has bits set past <paramref name="prefixLength"/>.</summary>
    public static bool HasHostBits(string address, int prefixLength)
    {
        var bytes = IPAddress.Parse(address).GetAddressBytes();
        for (var bit = prefixLength; bit < bytes.Length * 8; bit++)
        {
            if ((bytes[bit / 8] & (0x80 >> (bit % 8))) != 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The network part of <paramref name="address"/> with host bits cleared, in CIDR form.</summary>
    public static string NetworkOf(string address, int prefixLength)
    {
        var bytes = IPAddress.Parse(address).GetAddressBytes();
        for (var bit = prefixLength; bit < bytes.Length * 8; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }

        return $"{new IPAddress(bytes)}/{prefixLength}";
    }

    private static bool IsOctet(string part) =>
        part.Length is >= 1 and <= 3
        && (part.Length == 1 || part[0] != '0')
        && DecimalText.TryParseNatural(part, out int value)
        && value <= 255;
}

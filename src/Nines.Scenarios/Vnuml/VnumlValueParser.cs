using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Nines.Domain.Scenarios;

namespace Nines.Scenarios.Vnuml;

/// <summary>
/// Parses VNUML's value syntaxes: sizes, addresses, masks and route destinations. Pure and strict:
/// <see cref="IPAddress.TryParse(string, out IPAddress)"/> alone would accept <c>10</c> as <c>0.0.0.10</c>.
/// </summary>
internal static class VnumlValueParser
{
    /// <summary>
    /// A VNUML <c>&lt;mem&gt;</c>: a number with a K, M or G suffix (binary units), or a bare number of KiB
    /// (VNUML passes a bare number to the kernel's <c>mem=</c> in KiB: the tutorial's 262144 is 256 MiB).
    /// </summary>
    public static bool TryParseMemoryKiB(string text, out long kib)
    {
        kib = 0;
        if (text.Length == 0)
        {
            return false;
        }

        var multiplier = char.ToUpperInvariant(text[^1]) switch
        {
            'K' => 1L,
            'M' => 1024L,
            'G' => 1024L * 1024,
            _ => 0L,
        };
        var digits = multiplier == 0 ? text : text[..^1];
        if (multiplier == 0)
        {
            multiplier = 1;
        }

        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit)
            || !long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        try
        {
            kib = checked(value * multiplier);
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    /// <summary>A non-negative whole number written in plain decimal digits.</summary>
    public static bool TryParseNatural(string text, out int value)
    {
        value = 0;
        return text.Length > 0 && text.All(char.IsAsciiDigit)
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>A dotted-quad IPv4 address, exactly four decimal octets.</summary>
    public static bool IsIpv4(string text)
    {
        var parts = text.Split('.');
        return parts.Length == 4 && parts.All(p =>
            p.Length is > 0 and <= 3 && p.All(char.IsAsciiDigit) && int.Parse(p, CultureInfo.InvariantCulture) <= 255);
    }

    /// <summary>An IPv6 address in any textual form (no zone index: a scenario cannot name a host's link).</summary>
    public static bool IsIpv6(string text) =>
        text.Contains(':', StringComparison.Ordinal) && !text.Contains('%', StringComparison.Ordinal)
        && IPAddress.TryParse(text, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6;

    public static bool IsAddress(IpFamily family, string text) => family == IpFamily.Ipv4 ? IsIpv4(text) : IsIpv6(text);

    /// <summary>
    /// An IPv4 mask: dotted (<c>255.255.255.0</c>, ones contiguous) or a prefix length (<c>24</c>, <c>/24</c>).
    /// </summary>
    public static bool TryParseIpv4Mask(string text, out int prefixLength)
    {
        prefixLength = 0;
        if (IsIpv4(text))
        {
            var bits = text.Split('.').Aggregate(0u, (acc, p) => (acc << 8) | uint.Parse(p, CultureInfo.InvariantCulture));
            var ones = uint.LeadingZeroCount(~bits);
            if (ones < 32 && bits << (int)ones != 0)
            {
                return false;
            }

            prefixLength = (int)ones;
            return true;
        }

        return TryParsePrefixLength(text.StartsWith('/') ? text[1..] : text, 32, out prefixLength);
    }

    /// <summary>An IPv6 mask: a prefix length, <c>64</c> or <c>/64</c>.</summary>
    public static bool TryParseIpv6Mask(string text, out int prefixLength) =>
        TryParsePrefixLength(text.StartsWith('/') ? text[1..] : text, 128, out prefixLength);

    public static bool TryParsePrefixLength(string text, int max, out int prefixLength) =>
        TryParseNatural(text, out prefixLength) && prefixLength <= max;

    /// <summary>Whether <paramref name="address"/> has bits set past <paramref name="prefixLength"/>.</summary>
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
}

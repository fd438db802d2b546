namespace Nines.Domain.Scenarios;

/// <summary>An address with its prefix length (VNUML masks like <c>255.255.255.0</c> are turned into 24).</summary>
public sealed record IpAddressSpec(string Address, int PrefixLength)
{
    public override string ToString() => $"{Address}/{PrefixLength}";

    /// <summary>
    /// Whether <paramref name="candidate"/> lies in this address's subnet (same family, the first
    /// <see cref="PrefixLength"/> bits equal, the length clamped to the family's width); false when the address does
    /// not parse. The validator and the network planner decide a host route's gateway by it.
    /// </summary>
    public bool SubnetHolds(System.Net.IPAddress candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        if (!System.Net.IPAddress.TryParse(Address, out var own) || own.AddressFamily != candidate.AddressFamily)
        {
            return false;
        }

        var width = candidate.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128;
        var prefix = Math.Clamp(PrefixLength, 0, width);
        var a = own.GetAddressBytes();
        var b = candidate.GetAddressBytes();
        for (var bit = 0; bit < prefix; bit++)
        {
            var mask = 0x80 >> (bit % 8);
            if ((a[bit / 8] & mask) != (b[bit / 8] & mask))
            {
                return false;
            }
        }

        return true;
    }
}

namespace Nines.Domain.Scenarios;

/// <summary>A VM network interface: its id in the VM, the network it is on, an optional fixed MAC and its addresses.</summary>
public sealed record InterfaceSpec(
    int Id,
    string Network,
    string? Mac = null,
    ValueList<IpAddressSpec> Ipv4 = default,
    ValueList<IpAddressSpec> Ipv6 = default);

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

/// <summary>IP family of a route.</summary>
public enum IpFamily
{
    Ipv4,
    Ipv6,
}

/// <summary>A static route: <paramref name="Destination"/> is <c>default</c> or a prefix in CIDR form.</summary>
public sealed record RouteSpec(IpFamily Family, string Destination, string Gateway)
{
    /// <summary>
    /// The destination is every address: <c>default</c>, or a prefix of length 0 (<c>0.0.0.0/0</c>, <c>::/0</c>, or any
    /// address with <c>/0</c>). A guest may route that way; a host side never does (issue 18's network guard).
    /// </summary>
    public bool IsDefault =>
        string.Equals(Destination.Trim(), "default", StringComparison.OrdinalIgnoreCase)
        || (System.Net.IPNetwork.TryParse(Destination, out var prefix) && prefix.PrefixLength == 0)
        || Destination.TrimEnd().EndsWith("/0", StringComparison.Ordinal);
}

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
}

/// <summary>IP family of a route.</summary>
public enum IpFamily
{
    Ipv4,
    Ipv6,
}

/// <summary>A static route: <paramref name="Destination"/> is <c>default</c> or a prefix in CIDR form.</summary>
public sealed record RouteSpec(IpFamily Family, string Destination, string Gateway);

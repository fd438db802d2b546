namespace Nines.Domain.Scenarios;

/// <summary>IP family of a route.</summary>
public enum IpFamily
{
    Ipv4,
    Ipv6,
}

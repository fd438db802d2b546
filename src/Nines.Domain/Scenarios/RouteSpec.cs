namespace Nines.Domain.Scenarios;

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

namespace Nines.Domain.Scenarios;

/// <summary>Which IP families a VM forwards between its interfaces (VNUML <c>&lt;forwarding type&gt;</c>).</summary>
public enum Forwarding
{
    /// <summary>Both IPv4 and IPv6 (VNUML <c>type="ip"</c>).</summary>
    Ip,
    Ipv4,
    Ipv6,
}

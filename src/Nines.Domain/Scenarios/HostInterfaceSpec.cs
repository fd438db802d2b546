namespace Nines.Domain.Scenarios;

/// <summary>An interface the host gets on a scenario network (VNUML <c>&lt;hostif net&gt;</c>).</summary>
public sealed record HostInterfaceSpec(
    string Network,
    ValueList<IpAddressSpec> Ipv4 = default,
    ValueList<IpAddressSpec> Ipv6 = default);

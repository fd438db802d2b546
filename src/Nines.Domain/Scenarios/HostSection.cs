namespace Nines.Domain.Scenarios;

/// <summary>The host's own part of a scenario (VNUML <c>&lt;host&gt;</c>).</summary>
public sealed record HostSection(
    ValueList<HostInterfaceSpec> Interfaces = default,
    ValueList<PhysicalInterfaceSpec> PhysicalInterfaces = default,
    ValueList<RouteSpec> Routes = default,
    Forwarding? Forwarding = null,
    ValueList<ExecSpec> Execs = default);

/// <summary>An interface the host gets on a scenario network (VNUML <c>&lt;hostif net&gt;</c>).</summary>
public sealed record HostInterfaceSpec(
    string Network,
    ValueList<IpAddressSpec> Ipv4 = default,
    ValueList<IpAddressSpec> Ipv6 = default);

/// <summary>An address VNUML puts on a real host interface (VNUML <c>&lt;physicalif&gt;</c>).</summary>
public sealed record PhysicalInterfaceSpec(string Name, IpFamily Family, string Address, string? Mask = null, string? Gateway = null);

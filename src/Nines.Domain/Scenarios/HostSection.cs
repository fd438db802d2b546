namespace Nines.Domain.Scenarios;

/// <summary>The host's own part of a scenario (VNUML <c>&lt;host&gt;</c>).</summary>
public sealed record HostSection(
    ValueList<HostInterfaceSpec> Interfaces = default,
    ValueList<PhysicalInterfaceSpec> PhysicalInterfaces = default,
    ValueList<RouteSpec> Routes = default,
    Forwarding? Forwarding = null,
    ValueList<ExecSpec> Execs = default);

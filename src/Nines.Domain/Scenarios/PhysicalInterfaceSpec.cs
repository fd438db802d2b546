namespace Nines.Domain.Scenarios;

/// <summary>An address VNUML puts on a real host interface (VNUML <c>&lt;physicalif&gt;</c>).</summary>
public sealed record PhysicalInterfaceSpec(string Name, IpFamily Family, string Address, string? Mask = null, string? Gateway = null);

namespace Nines.Domain.Scenarios;

/// <summary>A VM network interface: its id in the VM, the network it is on, an optional fixed MAC and its addresses.</summary>
public sealed record InterfaceSpec(
    int Id,
    string Network,
    string? Mac = null,
    ValueList<IpAddressSpec> Ipv4 = default,
    ValueList<IpAddressSpec> Ipv6 = default);

namespace Nines.Domain.Scenarios;

/// <summary>
/// A virtual network. <paramref name="Vlan"/> is a VLAN the user asked for on the external interface;
/// the VLAN that carries a network across hosts is chosen by the planner, not written here.
/// </summary>
/// <param name="External">A host interface the network is bridged to (VNUML <c>external</c>).</param>
/// <param name="Bandwidth">Bandwidth limit in bit/s for <see cref="NetworkType.Ppp"/> links (VNUML <c>&lt;bw&gt;</c>).</param>
/// <param name="Socket">The uml_switch socket path (VNUML <c>sock</c>; empty means unset).</param>
public sealed record NetworkSpec(
    string Name,
    NetworkMode Mode = NetworkMode.VirtualBridge,
    NetworkType Type = NetworkType.Lan,
    int? Vlan = null,
    string? External = null,
    long? Bandwidth = null,
    string? Socket = null,
    bool Hub = false,
    bool Shared = false);

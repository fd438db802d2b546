namespace Nines.Networking.Planning;

/// <summary>The host-wide settings the planner works with.</summary>
/// <param name="Bridge">The host's one Open vSwitch bridge.</param>
/// <param name="LocalTagMin">The first VLAN tag of the host's local pool (segments that stay on this host).</param>
/// <param name="LocalTagMax">The last VLAN tag of the local pool. Cross-host VLANs should be chosen outside the pool.</param>
public sealed record NetworkPlannerOptions(string Bridge = "nines0", int LocalTagMin = 2048, int LocalTagMax = 4094)
{
    public static NetworkPlannerOptions Default { get; } = new();

    /// <summary>
    /// Where a deployment's host side (host interfaces, routes, forwarding) lives: in a network namespace of its own
    /// (the default), or — an admin's opt-out — in the namespace the switch runs in, shared by every deployment.
    /// </summary>
    public HostSideMode HostSide { get; init; } = HostSideMode.Namespace;
}

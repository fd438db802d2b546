namespace Nines.Networking.Planning;

/// <summary>Where a deployment's host side (VNUML <c>&lt;host&gt;</c>: host interfaces, routes, forwarding) is made.</summary>
public enum HostSideMode
{
    /// <summary>
    /// In a network namespace of the deployment's own (<see cref="HostSideNamespace.Name"/>): each host interface is a
    /// veth pair whose switch end is an access port and whose other end, with the scenario's addresses, is in that
    /// namespace; routes and forwarding are set there. Deployments never see each other's host side, and nothing of a
    /// scenario reaches the routing table of the namespace the switch runs in.
    /// </summary>
    Namespace,

    /// <summary>
    /// In the namespace the switch runs in (an OVS internal port per host interface), shared by every deployment on the
    /// host: the behaviour before issue 18, kept as an admin's opt-out (<c>nines up --host-side shared</c>).
    /// </summary>
    Shared,
}

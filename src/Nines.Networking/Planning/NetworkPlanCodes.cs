namespace Nines.Networking.Planning;

/// <summary>Diagnostic codes of <see cref="NetworkPlanner"/> (the NX90xx range).</summary>
public static class NetworkPlanCodes
{
    /// <summary>A VM placed on the host is not in the scenario.</summary>
    public const string UnknownVm = "NX9001";

    /// <summary>An interface or host interface names a network the scenario does not declare.</summary>
    public const string UnknownNetwork = "NX9002";

    /// <summary>The host's local VLAN tag pool has no free tag left.</summary>
    public const string TagPoolExhausted = "NX9003";

    /// <summary>A cross-host VLAN is already a segment of something else on this host.</summary>
    public const string VlanConflict = "NX9004";

    /// <summary>A host route's gateway is on none of the scenario's host interfaces.</summary>
    public const string UnreachableGateway = "NX9005";

    /// <summary>An address or route is not valid IP syntax.</summary>
    public const string InvalidAddress = "NX9006";

    /// <summary>The host's uplink (trunk interface or VXLAN settings) is not usable.</summary>
    public const string InvalidUplink = "NX9007";

    /// <summary>A host route to <c>default</c> (or any /0 prefix): a host side never routes everything (issue 18).</summary>
    public const string DefaultRoute = "NX9008";
}

using Nines.Domain.Clusters;

namespace Nines.Networking.Trunks;

/// <summary>How the hosts of a cluster are joined.</summary>
public enum UplinkKind
{
    /// <summary>An 802.1q trunk on each host's <see cref="HostSpec.TrunkInterface"/> (EDIV's model: one shared layer-2 segment).</summary>
    Trunk8021q,

    /// <summary>VXLAN between the hosts' <see cref="HostSpec.Address"/>es (no shared layer-2 segment needed).</summary>
    Vxlan,
}

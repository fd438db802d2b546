namespace Nines.Networking.Planning;

/// <summary>What a port made by Nines is for (external id <c>nines-kind</c>).</summary>
public enum PortKind
{
    /// <summary>A tap a VM interface is plugged into (<c>tap</c>).</summary>
    Tap,

    /// <summary>An OVS internal port giving the host an address on a segment (<c>host</c>, VNUML <c>&lt;hostif&gt;</c>).</summary>
    HostInterface,

    /// <summary>
    /// The host end of a veth pair whose other end is an OS-level instance's interface (<c>veth</c>). The applier
    /// makes only the port record; the container driver creates the pair when the instance starts (OVS picks the
    /// device up when it appears), and it vanishes with the instance's network namespace.
    /// </summary>
    Veth,

    /// <summary>
    /// The host's uplink (<c>trunk</c>): one per bridge, owned by no scenario, carrying every cross-host VLAN
    /// tagged (an 802.1q trunk interface or a VXLAN device; see <see cref="Trunks.HostUplink"/>).
    /// </summary>
    Trunk,
}

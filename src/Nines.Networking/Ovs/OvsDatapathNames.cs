namespace Nines.Networking.Ovs;

/// <summary>The OVSDB spelling of <see cref="OvsDatapath"/>.</summary>
public static class OvsDatapathNames
{
    public static string ToOvs(this OvsDatapath datapath) => datapath == OvsDatapath.System ? "system" : "netdev";
}

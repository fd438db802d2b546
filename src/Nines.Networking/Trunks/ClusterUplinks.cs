using System.Net;
using Nines.Domain.Clusters;
using Nines.Domain.Diagnostics;
using Nines.Networking.Planning;

namespace Nines.Networking.Trunks;

/// <summary>Derives a host's <see cref="HostUplink"/> from the cluster description (what an agent is started with).</summary>
public static class ClusterUplinks
{
    /// <summary>
    /// The uplink of <paramref name="hostName"/>: its trunk interface, or VXLAN from its address to every other
    /// host's. VXLAN needs IP addresses (not DNS names) so that every host computes the same tunnels without lookups.
    /// </summary>
    public static ParseResult<HostUplink> For(ClusterSpec cluster, string hostName, UplinkKind kind, int vni = VxlanUplink.DefaultVni)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var bag = new DiagnosticBag();
        var location = SourceLocation.OfFile("cluster");
        var host = cluster.FindHost(hostName);
        if (host is null)
        {
            bag.Error(NetworkPlanCodes.InvalidUplink, location, $"host[{hostName}]", $"host \"{hostName}\" is not in the cluster (expected one of {string.Join(", ", cluster.Hosts.Select(h => h.Name))})");
            return ParseResult<HostUplink>.From(null, bag);
        }

        HostUplink? uplink = null;
        if (kind == UplinkKind.Trunk8021q)
        {
            if (string.IsNullOrWhiteSpace(host.TrunkInterface))
            {
                bag.Error(NetworkPlanCodes.InvalidUplink, location, $"host[{hostName}]/if_name", $"host \"{hostName}\" names no trunk interface (expected if_name, the interface on the segment shared with the other hosts)");
            }
            else
            {
                uplink = new TrunkUplink(host.TrunkInterface);
            }
        }
        else
        {
            var addresses = cluster.Hosts.Select(h => (h.Name, Ip: AddressOf(h, bag, location))).ToList();
            if (!bag.HasErrors)
            {
                uplink = new VxlanUplink(
                    addresses.Single(a => a.Name == hostName).Ip!,
                    [.. addresses.Where(a => a.Name != hostName).Select(a => a.Ip!)],
                    vni);
            }
        }

        if (uplink is not null)
        {
            bag.AddRange(UplinkPlanner.Validate(uplink));
        }

        return ParseResult<HostUplink>.From(bag.HasErrors ? null : uplink, bag);
    }

    private static string? AddressOf(HostSpec host, DiagnosticBag bag, SourceLocation location)
    {
        if (IPAddress.TryParse(host.Address, out var address))
        {
            return address.ToString();
        }

        bag.Error(NetworkPlanCodes.InvalidUplink, location, $"host[{host.Name}]/host_name", $"host \"{host.Name}\" has address \"{host.Address}\", but VXLAN needs an IP address for every host");
        return null;
    }
}

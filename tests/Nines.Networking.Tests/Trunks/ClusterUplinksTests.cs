using Nines.Domain.Clusters;
using Nines.Networking.Planning;
using Nines.Networking.Trunks;

namespace Nines.Networking.Tests.Trunks;

public sealed class ClusterUplinksTests
{
    private static readonly ClusterSpec _cluster = new(
        [
            new HostSpec("host1", "10.250.0.1", TrunkInterface: "eth1"),
            new HostSpec("host2", "10.250.0.2", TrunkInterface: "eth1"),
            new HostSpec("host3", "10.250.0.3"),
        ],
        new VlanRange(1000, 1039));

    [Fact]
    public void For_Trunk_UsesTheHostsIfName()
    {
        ClusterUplinks.For(_cluster, "host1", UplinkKind.Trunk8021q).Value.ShouldBe(new TrunkUplink("eth1"));
    }

    [Fact]
    public void For_Vxlan_LocalIsTheHostAndRemotesAreAllOthers()
    {
        var uplink = ClusterUplinks.For(_cluster, "host2", UplinkKind.Vxlan, vni: 77).Value.ShouldBeOfType<VxlanUplink>();

        uplink.LocalAddress.ShouldBe("10.250.0.2");
        uplink.Remotes.ShouldBe(["10.250.0.1", "10.250.0.3"]);
        uplink.Vni.ShouldBe(77);
    }

    [Fact]
    public void For_NoTrunkInterfaceOrDnsNameOrUnknownHost_ReportsTheField()
    {
        var dns = _cluster with { Hosts = [.. _cluster.Hosts, new HostSpec("host4", "host4.domain.org")] };

        ClusterUplinks.For(_cluster, "host3", UplinkKind.Trunk8021q).Errors.ShouldHaveSingleItem().Field.ShouldBe("host[host3]/if_name");
        ClusterUplinks.For(dns, "host1", UplinkKind.Vxlan).Errors.ShouldHaveSingleItem().Field.ShouldBe("host[host4]/host_name");
        var unknown = ClusterUplinks.For(_cluster, "nohost", UplinkKind.Vxlan);
        unknown.Succeeded.ShouldBeFalse();
        unknown.Errors.ShouldHaveSingleItem().Code.ShouldBe(NetworkPlanCodes.InvalidUplink);
    }
}

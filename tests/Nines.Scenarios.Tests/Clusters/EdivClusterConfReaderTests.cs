using Nines.Domain;
using Nines.Domain.Clusters;
using Nines.Scenarios.Clusters;

namespace Nines.Scenarios.Tests.Clusters;

public sealed class EdivClusterConfReaderTests
{
    private static string[] Diagnostics(string text)
    {
        var result = EdivClusterConfReader.Read(text, "cluster.conf");
        return [.. result.Diagnostics.Select(d => d.ToString())];
    }

    [Fact]
    public void Read_EdivFixture_ReadsHostsVlansAndSegmentationExactly()
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "vnuml", "ediv_cluster.conf"));

        var result = EdivClusterConfReader.Read(text, "ediv_cluster.conf");

        result.Diagnostics.ShouldBeEmpty();
        var document = result.Value.ShouldNotBeNull();
        document.Cluster.ShouldBe(new ClusterSpec(
            ValueList.Of(
                new HostSpec("host1", "host1.domain.org", 8192, 200, 0, "eth1"),
                new HostSpec("host2", "host2.domain.org", 4096, 100, 0, "eth1"),
                new HostSpec("host3", "host3.domain.org", 4096, 100, 0, "eth1")),
            new VlanRange(1000, 1039),
            "RoundRobin",
            "10.250.0.0",
            16));
        document.Map.Locate(document.Cluster.Hosts[1]).ToString().ShouldBe("ediv_cluster.conf:103:1");
    }

    [Fact]
    public void Read_EveryKindOfMistake_ReportsAllTogetherInFileOrder()
    {
        var text = """
            [db]
            type = sqlite
            [vlan]
            first = 5000
            last = 10x
            [cluster]
            host = h1
            host = h2
              host = h1
            default_segmentation = RoundRobin
            default_segmentation = Other
            [h1]
            host_name = a
            mem = lots
            cpu = 0
            max_vms = -1
            colour = blue
            this line is nonsense
            [h3]
            [broken
            mem = 1
            """;

        Diagnostics(text).ShouldBe(
        [
            "cluster.conf:4:9: error NX4005: [vlan]/first: VLAN id 5000 is out of range (expected 1 to 4094)",
            "cluster.conf:5:8: error NX4004: [vlan]/last: last \"10x\" is not a whole number (expected a VLAN id)",
            "cluster.conf:8:8: error NX4008: [cluster]/host: host \"h2\" is listed but has no [h2] section (expected one with host_name, mem, cpu, max_vms and if_name)",
            "cluster.conf:9:10: error NX4003: [cluster]/host: host \"h1\" is listed twice (expected each host once)",
            "cluster.conf:11:1: error NX4003: [cluster]/default_segmentation: key \"default_segmentation\" appears twice in [cluster] (first at line 10; expected it once)",
            "cluster.conf:14:7: error NX4004: [h1]/mem: mem \"lots\" is not a whole number (expected a positive number of MiB)",
            "cluster.conf:15:7: error NX4004: [h1]/cpu: cpu 0 is out of range (expected a positive relative speed in percent)",
            "cluster.conf:16:11: error NX4004: [h1]/max_vms: max_vms -1 is out of range (expected a number of VMs, 0 for unlimited)",
            "cluster.conf:17:1: warning NX4010: [h1]/colour: key \"colour\" is not a [h1] setting and is ignored (expected one of: host_name, mem, cpu, max_vms, if_name)",
            "cluster.conf:18:1: error NX4001: line \"this line is nonsense\" is not a key = value pair or a [section] header",
            "cluster.conf:19:1: warning NX4009: [h3]: section [h3] describes a host the [cluster] section does not list (ignored; expected a host = h3 line)",
            "cluster.conf:20:1: error NX4001: section header \"[broken\" is malformed (expected [name])",
        ]);
        EdivClusterConfReader.Read(text, "cluster.conf").Value.ShouldBeNull();
    }

    [Fact]
    public void Read_FirstAfterLast_IsAnEmptyRange()
    {
        Diagnostics("[vlan]\nfirst = 20\nlast = 10\n[cluster]\nhost = a\n[a]\nmem = 1\n").ShouldBe(
            ["cluster.conf:2:9: error NX4005: [vlan]/first: VLAN range 20-10 is empty (expected first <= last)"]);
    }

    [Fact]
    public void Read_NoVlanSectionAndNoHosts_ReportsBoth()
    {
        Diagnostics("[cluster]\ndefault_segmentation = RoundRobin\n").ShouldBe(
        [
            "cluster.conf: error NX4006: [vlan]: there is no [vlan] section (expected one with first = and last = VLAN ids)",
            "cluster.conf:1:1: error NX4007: [cluster]/host: [cluster] lists no host (expected at least one host = line)",
        ]);
    }

    [Fact]
    public void Read_NoClusterSection_IsAnError()
    {
        Diagnostics("[vlan]\nfirst = 1\nlast = 2\n").ShouldBe(
            ["cluster.conf: error NX4006: [cluster]: there is no [cluster] section (expected one listing the hosts with host = lines)"]);
    }

    [Fact]
    public void Read_MissingKeysAndStrayLines_AreReported()
    {
        var text = "; leading comment\nfirst = 1\n[vlan]\nlast = 9\n[cluster]\nhost = a\n[a]\nhost_name = a.example\n[a]\nmem = 2\n";

        Diagnostics(text).ShouldBe(
        [
            "cluster.conf:2:1: error NX4002: first: key \"first\" comes before any [section] (expected it inside [vlan], [cluster] or a host section)",
            "cluster.conf:3:1: error NX4006: [vlan]/first: [vlan] has no first = line (expected the first VLAN id of the range)",
            "cluster.conf:7:1: error NX4006: [a]/mem: [a] has no mem = line (expected the host's memory in MiB)",
            "cluster.conf:9:1: error NX4003: [a]: section [a] appears twice (first at line 7; expected each section once)",
        ]);
    }

    [Fact]
    public void Read_DefaultsAndDottedMask_AreAccepted()
    {
        var text = "[vlan]\r\nfirst=1\r\nlast=4094\r\n[cluster]\r\nhost=a\r\nmgmt_network = 10.0.0.0\r\nmgmt_network_mask = 255.255.240.0\r\n[a]\r\nmem=512\r\n";

        var result = EdivClusterConfReader.Read(text, "cluster.conf");

        result.Diagnostics.ShouldBeEmpty();
        result.Value.ShouldNotBeNull().Cluster.ShouldBe(
            new ClusterSpec(ValueList.Of(new HostSpec("a", MemoryMiB: 512)), new VlanRange(1, 4094), null, "10.0.0.0", 20));
    }

    [Theory]
    [InlineData("mgmt_network = 10.0.0.300", "cluster.conf:5:16: error NX4013: [cluster]/mgmt_network: mgmt_network \"10.0.0.300\" is not an IPv4 address (expected e.g. 10.250.0.0)")]
    [InlineData("mgmt_network_mask = 255.0.255.0", "cluster.conf:5:21: error NX4013: [cluster]/mgmt_network_mask: mgmt_network_mask \"255.0.255.0\" is not a prefix length or netmask (expected e.g. 16 or 255.255.0.0)")]
    [InlineData("mgmt_network_mask = 33", "cluster.conf:5:21: error NX4013: [cluster]/mgmt_network_mask: mgmt_network_mask \"33\" is not a prefix length or netmask (expected e.g. 16 or 255.255.0.0)")]
    public void Read_BadManagementNetwork_IsReported(string line, string expected)
    {
        Diagnostics($"[vlan]\nfirst = 1\nlast = 2\n[cluster]\n{line}\nhost = a\n[a]\nmem = 1\n").ShouldBe([expected]);
    }
}

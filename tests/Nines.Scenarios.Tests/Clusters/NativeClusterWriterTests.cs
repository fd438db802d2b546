using FsCheck;
using FsCheck.Fluent;
using Nines.Domain;
using Nines.Domain.Clusters;
using Nines.Scenarios.Clusters;

namespace Nines.Scenarios.Tests.Clusters;

public sealed class NativeClusterWriterTests
{
    private static ClusterSpec ReadBack(string yaml)
    {
        var result = NativeClusterReader.Read(yaml, "written.yaml");
        result.Diagnostics.ShouldBeEmpty(yaml);
        return result.Value.ShouldNotBeNull().Cluster;
    }

    [Fact]
    public void Write_EdivFixture_PrintsNativeYamlThatReadsBackEqual()
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "vnuml", "ediv_cluster.conf"));
        var cluster = EdivClusterConfReader.Read(text, "ediv_cluster.conf").Value.ShouldNotBeNull().Cluster;

        var yaml = NativeClusterWriter.Write(cluster);

        yaml.ShouldBe("""
            vlans: {first: 1000, last: 1039}
            default_algorithm: RoundRobin
            management_network: 10.250.0.0/16
            hosts:
              - name: host1
                address: host1.domain.org
                memory: 8G
                cpu: 200
                max_vms: 0
                trunk: eth1
              - name: host2
                address: host2.domain.org
                memory: 4G
                cpu: 100
                max_vms: 0
                trunk: eth1
              - name: host3
                address: host3.domain.org
                memory: 4G
                cpu: 100
                max_vms: 0
                trunk: eth1

            """);
        ReadBack(yaml).ShouldBe(cluster);
    }

    [Fact]
    public void Write_ValuesYamlWouldMisread_AreQuotedAndReadBackEqual()
    {
        var cluster = new ClusterSpec(
            ValueList.Of(
                new HostSpec("true", "10.0.0.1", 1536, 1, 7, "eth0.100", 1.0 / 3, 64),
                new HostSpec("1e3", "a: b # c", 3, Load: 1),
                new HostSpec("quote\"back\\slash\ttab", "null", 1024 * 1024)),
            new VlanRange(1, 4094),
            "Weighted Round Robin");

        var yaml = NativeClusterWriter.Write(cluster);

        yaml.ShouldContain("- name: \"true\"");
        yaml.ShouldContain("memory: 1536M");
        ReadBack(yaml).ShouldBe(cluster);
    }

    [Fact]
    public void Write_AnyValidCluster_ReadsBackEqual()
    {
        var text = Gen.Elements("h", "host-1", "true", "10", "a b", "x:y", "\"q\"", "~", "é", "#c", "[a]", "-", "yes", "0x1F");
        var host =
            from name in text
            from address in Gen.OrNull(text)
            from memory in Gen.Choose(1, 1 << 20)
            from cpu in Gen.Choose(1, 1000)
            from maxVms in Gen.Choose(0, 64)
            from trunk in Gen.OrNull(text)
            from load in Gen.Choose(0, 1000)
            from vcpus in Gen.Elements<int?>(null, 1, 16, 256)
            select new HostSpec(name, address, memory, cpu, maxVms, trunk, load / 1000.0, vcpus);
        var cluster =
            from hosts in Gen.NonEmptyListOf(host)
            from first in Gen.Choose(1, 4094)
            from count in Gen.Choose(1, 100)
            from algorithm in Gen.OrNull(text)
            from prefix in Gen.Elements<int?>(null, 0, 16, 32)
            select new ClusterSpec(
                ValueList.From(hosts.DistinctBy(h => h.Name)),
                new VlanRange(first, Math.Min(VlanRange.MaxId, first + count)),
                algorithm,
                prefix is null ? null : "192.168.0.0",
                prefix);

        Prop.ForAll(Arb.From(cluster), c => ReadBack(NativeClusterWriter.Write(c)) == c).QuickCheckThrowOnFailure();
    }
}

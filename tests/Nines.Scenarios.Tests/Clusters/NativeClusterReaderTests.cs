using Nines.Domain;
using Nines.Domain.Clusters;
using Nines.Scenarios.Clusters;

namespace Nines.Scenarios.Tests.Clusters;

public sealed class NativeClusterReaderTests
{
    private static string[] Diagnostics(string text)
    {
        var result = NativeClusterReader.Read(text, "cluster.yaml");
        result.Value.ShouldBeNull();
        return [.. result.Diagnostics.Select(d => d.ToString())];
    }

    [Fact]
    public void Read_EveryKey_MapsToTheClusterSpec()
    {
        var text = """
            vlans: {first: 1000, last: 1039}
            default_algorithm: Balanced
            management_network: 10.250.0.0/16
            hosts:
              - name: host1
                address: host1.domain.org
                memory: 8G
                cpu: 200
                max_vms: 0
                vcpus: 16
                trunk: eth1
                load: 0.25
              - name: host2
                memory: 4096
            """;

        var result = NativeClusterReader.Read(text, "cluster.yaml");

        result.Diagnostics.ShouldBeEmpty();
        var document = result.Value.ShouldNotBeNull();
        document.Cluster.ShouldBe(new ClusterSpec(
            ValueList.Of(
                new HostSpec("host1", "host1.domain.org", 8192, 200, 0, "eth1", 0.25, 16),
                new HostSpec("host2", MemoryMiB: 4096)),
            new VlanRange(1000, 1039),
            "Balanced",
            "10.250.0.0",
            16));
        document.Map.Locate(document.Cluster.Hosts[1]).ToString().ShouldBe("cluster.yaml:13:5");
    }

    [Fact]
    public void Read_EveryKindOfMistake_ReportsAllTogetherInFileOrder()
    {
        var text = """
            vlans: {first: 0, last: 1039, step: 2}
            default_algorithm: [a]
            hosts:
              - name: host1
                memory: 1G
              - name: host1
                memory: 1G
              - name: host2
                memory: 8X
                cpu: fast
                load: 1.5
                colour: red
              - memory: 1G
              - just a string
              - name: ~
                memory: 1G
                max_vms: -1
            """;

        Diagnostics(text).ShouldBe(
        [
            "cluster.yaml:1:16: error NX4005: vlans.first: VLAN id 0 is out of range (expected 1 to 4094)",
            "cluster.yaml:1:31: error NX4010: vlans: unknown key \"step\" (expected one of: first, last)",
            "cluster.yaml:2:20: error NX4012: default_algorithm: default_algorithm is a list (expected a string)",
            "cluster.yaml:6:5: error NX4003: hosts[1].name: host \"host1\" is listed twice (first at line 4; expected unique names)",
            "cluster.yaml:9:13: error NX4013: hosts[2].memory: memory \"8X\" is not a size (expected e.g. 8G, 4096M or a positive number of MiB)",
            "cluster.yaml:10:10: error NX4004: hosts[2].cpu: \"fast\" is not a whole number (expected a positive relative speed in percent)",
            "cluster.yaml:11:11: error NX4013: hosts[2].load: load \"1.5\" is not a number from 0 to 1 (expected 0 for idle up to 1 for fully loaded)",
            "cluster.yaml:12:5: error NX4010: hosts[2]: unknown key \"colour\" (expected one of: name, address, memory, cpu, max_vms, vcpus, trunk, load)",
            "cluster.yaml:13:5: error NX4006: hosts[3].name: hosts[3].name is missing (expected the host's name)",
            "cluster.yaml:14:5: error NX4012: hosts[4]: hosts[4] is a scalar (expected a mapping with keys name, address, memory, cpu, max_vms, vcpus, trunk, load)",
            "cluster.yaml:15:11: error NX4006: hosts[5].name: hosts[5].name is empty (expected the host's name)",
            "cluster.yaml:17:14: error NX4004: hosts[5].max_vms: -1 is out of range (expected a number of VMs, 0 for unlimited)",
        ]);
    }

    [Fact]
    public void Read_MissingVlansAndHosts_ReportsBoth()
    {
        Diagnostics("default_algorithm: RoundRobin\n").ShouldBe(
        [
            "cluster.yaml:1:1: error NX4006: vlans: vlans is missing (expected a mapping with first and last VLAN ids)",
            "cluster.yaml:1:1: error NX4006: hosts: hosts is missing (expected a list of hosts)",
        ]);
    }

    [Fact]
    public void Read_EmptyHostListAndReversedRange_AreErrors()
    {
        Diagnostics("vlans:\n  first: 30\n  last: 20\nhosts: []\n").ShouldBe(
        [
            "cluster.yaml:2:3: error NX4005: vlans: VLAN range 30-20 is empty (expected first <= last)",
            "cluster.yaml:4:8: error NX4007: hosts: hosts is empty (expected at least one host)",
        ]);
    }

    [Fact]
    public void Read_BadManagementNetwork_IsReported()
    {
        Diagnostics("vlans: {first: 1, last: 2}\nmanagement_network: 10.0.0.0/40\nhosts: [{name: a, memory: 1G}]\n").ShouldBe(
            ["cluster.yaml:2:21: error NX4013: management_network: management_network \"10.0.0.0/40\" is not an IPv4 network (expected e.g. 10.250.0.0/16)"]);
    }

    [Fact]
    public void Read_RootIsAList_IsAWrongShape()
    {
        Diagnostics("- a\n- b\n").ShouldBe(
            ["cluster.yaml:1:1: error NX4012: cluster: cluster is a list (expected a mapping with keys vlans, default_algorithm, management_network, hosts)"]);
    }

    [Fact]
    public void Read_EmptyText_SaysThereIsNoDocument()
    {
        Diagnostics(string.Empty).ShouldBe(
            ["cluster.yaml: error NX4012: the file holds no YAML document (expected one mapping with vlans and hosts)"]);
    }

    [Fact]
    public void Read_YamlSyntaxError_ReportsItsPosition()
    {
        Diagnostics("vlans: {first: 1, last: 2}\nhosts: a: b\n").ShouldBe(
            ["cluster.yaml:2:9: error NX4011: while scanning a plain scalar value, found invalid mapping"]);
    }

    [Fact]
    public void Read_UnclosedFlowMapping_IsASyntaxErrorNotACrash()
    {
        var errors = Diagnostics("vlans: {first: 1, last: 2\nhosts: []\n");

        errors.ShouldHaveSingleItem().ShouldStartWith("cluster.yaml:");
        errors[0].ShouldContain("error NX4011:");
    }

    [Fact]
    public void Read_DuplicateKey_IsAnError()
    {
        var errors = Diagnostics("vlans: {first: 1, last: 2}\nvlans: {first: 1, last: 2}\nhosts: [{name: a, memory: 1G}]\n");

        errors.ShouldHaveSingleItem().ShouldStartWith("cluster.yaml:2:1: error NX4011:");
    }
}

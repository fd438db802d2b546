using Nines.Domain.Diagnostics;
using Nines.Scenarios.Native;

namespace Nines.Scenarios.Tests.Native;

public class NativeScenarioReaderDiagnosticsTests
{
    private const string File = "bad.yaml";
    private const string Head = "nines: 1\nname: lab\n";

    // A head that defines network n and VMs a and b, so a test's one mistake is the only one.
    private const string LabHead = Head + "networks: [{name: n}]\nvms: [{name: a}, {name: b}]\n";

    [Theory]
    [InlineData("nines: 1\nname: [lab\nvms: []\n", "NX2001", null, 3, 1, "malformed YAML (an unclosed flow collection '[' or '{'?)")]
    [InlineData("nines: 1\nname: a: b\n", "NX2001", null, 2, 8, "while scanning a plain scalar value, found invalid mapping")]
    [InlineData("nines: 1\nname: a\nname: b\n", "NX2001", null, 3, 1, "duplicate key name")]
    [InlineData("nines: 1\nname: a\n---\nname: b\n", "NX2003", null, 3, 1, "a native scenario file holds exactly one YAML document; found a second one here")]
    [InlineData("nines: 1\nname: &n lab\ntenant: *n\n", "NX2004", null, 3, 9, "YAML aliases (*n) are not supported: write the value out where it is used")]
    [InlineData("- a\n- b\n", "NX2006", "", 1, 1, "expected a native scenario (a mapping), found a list")]
    [InlineData("name: lab\n", "NX2005", "nines", 1, 1, "missing the format version: a native scenario starts with \"nines: 1\"")]
    [InlineData("nines: 2\nname: lab\n", "NX2005", "nines", 1, 8, "unsupported format version \"2\" (this reader knows version 1)")]
    [InlineData("nines: 1\n", "NX2008", "name", 1, 1, "a native scenario is missing the required key \"name\"")]
    [InlineData("nines: 1\nname:\n", "NX2008", "name", 2, 1, "key \"name\" of a native scenario needs a value")]
    [InlineData(Head + "tennant: x\n", "NX2007", "tennant", 3, 1, "unknown key \"tennant\" in a native scenario (allowed: nines, name, version, tenant, automac, management, defaults, networks, vms, host, redundancy_groups, placement)")]
    [InlineData(Head + "vms:\n  - name: a\n    memroy: 64M\n", "NX2007", "vms[0].memroy", 5, 5, "unknown key \"memroy\" in a VM (allowed: name, type, subtype, os, order, memory, vcpus, kernel, filesystem, image, exec_mode, shell, basedir, disks, consoles, interfaces, routes, forwarding, users, file_trees, execs, qos, properties)")]
    [InlineData(Head + "vms: {name: a}\n", "NX2006", "vms", 3, 6, "expected a list, found a mapping")]
    [InlineData(Head + "vms: [a]\n", "NX2006", "vms[0]", 3, 7, "expected a VM (a mapping), found the value \"a\"")]
    [InlineData(Head + "tenant: [a]\n", "NX2006", "tenant", 3, 9, "expected a string, found a list")]
    [InlineData(Head + "vms: [{name: a, memory: 64X}]\n", "NX2012", "vms[0].memory", 3, 25, "\"64X\" is not a size (expected e.g. 64M, 1G, 512K or a number of KiB)")]
    [InlineData(Head + "vms: [{name: a, memory: 0}]\n", "NX2012", "vms[0].memory", 3, 25, "size \"0\" is too small (expected at least 1K)")]
    [InlineData(Head + "vms: [{name: a, memory: 99999999999999999999G}]\n", "NX2012", "vms[0].memory", 3, 25, "\"99999999999999999999G\" is not a size (expected e.g. 64M, 1G, 512K or a number of KiB)")]
    [InlineData(Head + "vms: [{name: a, qos: {memory_limit: 1500K}}]\n", "NX2012", "vms[0].qos.memory_limit", 3, 37, "\"1500K\" is not a whole number of MiB (expected e.g. 512M or 2G)")]
    [InlineData(Head + "vms: [{name: a, disks: [{id: d, capacity: 1.5G}]}]\n", "NX2012", "vms[0].disks[0].capacity", 3, 43, "\"1.5G\" is not a size (expected e.g. 64M, 1G, 512K or a number of bytes)")]
    [InlineData(Head + "vms: [{name: a, image: 'r@sha256:abc'}]\n", "NX2018", "vms[0].image", 3, 24, "a sha256 digest is 64 lowercase hex digits, found \"abc\" (3 characters)")]
    [InlineData(Head + "defaults: {image: 'r@md5:00'}\n", "NX2018", "defaults.image", 3, 19, "digest algorithm \"md5\" is not supported (an image is pinned as name@sha256:<64 hex digits>)")]
    [InlineData(Head + "vms: [{name: a, vcpus: two}]\n", "NX2009", "vms[0].vcpus", 3, 24, "\"two\" is not an integer")]
    [InlineData(Head + "vms: [{name: a, vcpus: 0}]\n", "NX2010", "vms[0].vcpus", 3, 24, "0 is out of range (expected at least 1)")]
    [InlineData(Head + "networks: [{name: n, vlan: 4095}]\n", "NX2010", "networks[0].vlan", 3, 28, "4095 is out of range (expected 1 to 4094)")]
    [InlineData(Head + "networks: [{name: n, hub: yes}]\n", "NX2011", "networks[0].hub", 3, 27, "\"yes\" is not a boolean (expected true or false)")]
    [InlineData(Head + "networks: [{name: n, mode: bridge}]\n", "NX2013", "networks[0].mode", 3, 28, "\"bridge\" is not a network mode (expected one of: virtual_bridge, uml_switch)")]
    [InlineData(Head + "management: public\n", "NX2013", "management", 3, 13, "\"public\" is not a management network (expected one of: none, private, net)")]
    [InlineData(Head + "redundancy_groups: [{name: g, model: 3N}]\n", "NX2013", "redundancy_groups[0].model", 3, 38, "\"3N\" is not a redundancy model (expected one of: none, 2N, N+M, N-way-active)")]
    [InlineData(Head + "placement: [{rule: spread}]\n", "NX2013", "placement[0].rule", 3, 20, "\"spread\" is not a placement rule (expected one of: network_at, vm_at, affinity, network_together, anti_affinity)")]
    [InlineData(Head + "networks: [{name: n}]\nvms: [{name: a, interfaces: [{id: 1, network: n, ipv4: [10.0.0.256/24]}]}]\n", "NX2014", "vms[0].interfaces[0].ipv4[0]", 4, 57, "\"10.0.0.256/24\" is not an ipv4 address with prefix length (expected e.g. 10.0.0.1/24)")]
    [InlineData(Head + "networks: [{name: n}]\nvms: [{name: a, interfaces: [{id: 1, network: n, ipv4: [10.0.0.1]}]}]\n", "NX2014", "vms[0].interfaces[0].ipv4[0]", 4, 57, "\"10.0.0.1\" is not an ipv4 address with prefix length (expected e.g. 10.0.0.1/24)")]
    [InlineData(Head + "networks: [{name: n}]\nvms: [{name: a, interfaces: [{id: 1, network: n, ipv6: ['2001:db8::1/129']}]}]\n", "NX2014", "vms[0].interfaces[0].ipv6[0]", 4, 57, "\"2001:db8::1/129\" is not an ipv6 address with prefix length (expected e.g. 2001:db8::1/64)")]
    [InlineData(Head + "networks: [{name: n}]\nvms: [{name: a, interfaces: [{id: 1, network: n, ipv6: [10.0.0.1/24]}]}]\n", "NX2014", "vms[0].interfaces[0].ipv6[0]", 4, 57, "\"10.0.0.1/24\" is not an ipv6 address with prefix length (expected e.g. 2001:db8::1/64)")]
    [InlineData(Head + "networks: [{name: n}]\nvms: [{name: a, interfaces: [{id: 1, network: n, mac: '02:00:00:00:01'}]}]\n", "NX2015", "vms[0].interfaces[0].mac", 4, 55, "\"02:00:00:00:01\" is not a MAC address (expected six hex octets, e.g. 02:fd:00:00:01:00)")]
    [InlineData(Head + "vms: [{name: a, routes: [{to: somewhere, via: 10.0.0.1}]}]\n", "NX2014", "vms[0].routes[0].to", 3, 31, "\"somewhere\" is not a route destination (expected \"default\" or a prefix such as 10.0.0.0/24)")]
    [InlineData(Head + "vms: [{name: a, routes: [{to: default, via: 1}]}]\n", "NX2014", "vms[0].routes[0].via", 3, 45, "\"1\" is not an IP address (expected e.g. 10.0.0.1 or 2001:db8::1)")]
    [InlineData(Head + "vms: [{name: a, routes: [{to: 10.0.0.0/8, via: '2001:db8::1'}]}]\n", "NX2016", "vms[0].routes[0].to", 3, 31, "destination \"10.0.0.0/8\" is ipv4 but gateway \"2001:db8::1\" is ipv6")]
    [InlineData(Head + "vms: [{name: a, routes: [{to: default, via: 10.0.0.1, family: ipv6}]}]\n", "NX2016", "vms[0].routes[0].family", 3, 63, "family ipv6 does not match gateway \"10.0.0.1\", which is ipv4")]
    [InlineData(Head + "host: {physical_interfaces: [{name: eth0, address: 10.0.0.1, gateway: 'fe80::1'}]}\n", "NX2016", "host.physical_interfaces[0].gateway", 3, 71, "gateway is ipv6 but address \"10.0.0.1\" needs ipv4")]
    [InlineData(Head + "placement: [{vms: [a]}]\n", "NX2008", "placement[0].rule", 3, 13, "a placement rule is missing the required key \"rule\"")]
    [InlineData(LabHead + "redundancy_groups: [{name: g, model: 2N, members: [a, b, ~]}]\n", "NX2006", "redundancy_groups[0].members[2]", 5, 58, "expected a string, found an empty (null) item")]
    public void Read_MalformedInput_ReportsExactDiagnostic(string text, string code, string? field, int line, int column, string message)
    {
        var result = NativeScenarioReader.Read(text, File);

        result.Value.ShouldBeNull();
        result.Diagnostics.ShouldHaveSingleItem().ShouldBe(Diagnostic.Error(code, new SourceLocation(File, line, column), field, message));
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    public void Read_NoDocument_ReportsEmptyFile(string text)
    {
        var result = NativeScenarioReader.Read(text, File);

        result.Diagnostics.ShouldHaveSingleItem().ShouldBe(Diagnostic.Error("NX2002", SourceLocation.OfFile(File), null,
            "the document is empty (expected a native scenario mapping starting with \"nines: 1\")"));
    }

    [Fact]
    public void Read_DocumentOfOnlyNull_ReportsEmptyFile()
    {
        var result = NativeScenarioReader.Read("---\n~\n", File);

        result.Diagnostics.ShouldHaveSingleItem().Code.ShouldBe("NX2002");
    }

    [Fact]
    public void Read_SeveralMistakes_ReportsAllInFileOrder()
    {
        const string text = """
            nines: 1
            name: lab
            networks:
              - {name: Net0, vlan: 0, mode: hub}
            vms:
              - name: a
                memory: lots
                colour: blue
                interfaces:
                  - {id: -1, network: Net0, ipv4: [10.0.0.1/33]}
              - memory: 64M
            placement:
              - {rule: affinity, hard: maybe}
            """;

        var result = NativeScenarioReader.Read(text, File);

        result.Value.ShouldBeNull();
        result.Diagnostics.Select(d => $"{d.Location.Line}:{d.Location.Column} {d.Code} {d.Field}").ShouldBe(
        [
            "4:24 NX2010 networks[0].vlan",
            "4:33 NX2013 networks[0].mode",
            "7:13 NX2012 vms[0].memory",
            "8:5 NX2007 vms[0].colour",
            "10:14 NX2010 vms[0].interfaces[0].id",
            "10:40 NX2014 vms[0].interfaces[0].ipv4[0]",
            "11:5 NX2008 vms[1].name",
            "13:28 NX2011 placement[0].hard",
        ]);
    }
}

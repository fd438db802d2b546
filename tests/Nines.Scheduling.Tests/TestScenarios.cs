using Nines.Domain;
using Nines.Domain.Clusters;
using Nines.Domain.Diagnostics;
using Nines.Domain.Scenarios;

namespace Nines.Scheduling.Tests;

/// <summary>Scenarios and clusters built by hand, matching the fixtures in tests/data/vnuml.</summary>
internal static class TestScenarios
{
    /// <summary>VNUML tutorial root 1: vm_defaults 64M, uml2/uml4/uml5 262144 KiB (256 MiB).</summary>
    public static Scenario Tutorial() => new(
        "tutorial_root1",
        Defaults: new VmDefaults(MemoryKiB: 64 * 1024),
        Networks: ValueList.Of(Net("Net0"), Net("Net1"), Net("Net2"), Net("Net3")),
        Vms: ValueList.Of(
            Vm("uml1", null, "Net0"),
            Vm("uml2", 256, "Net0"),
            Vm("uml3", null, "Net0", "Net1", "Net3"),
            Vm("uml4", 256, "Net1", "Net2"),
            Vm("uml5", 256, "Net2")));

    /// <summary>The EDIV cluster.conf: host1 8192 MiB cpu 200, host2 and host3 4096 MiB cpu 100, VLANs 1000-1039.</summary>
    public static ClusterSpec EdivCluster(string? defaultAlgorithm = "RoundRobin") => new(
        ValueList.Of(
            new HostSpec("host1", "host1.domain.org", 8192, 200, 0, "eth1"),
            new HostSpec("host2", "host2.domain.org", 4096, 100, 0, "eth1"),
            new HostSpec("host3", "host3.domain.org", 4096, 100, 0, "eth1")),
        new VlanRange(1000, 1039),
        defaultAlgorithm,
        "10.250.0.0",
        16);

    /// <summary>
    /// A BGP scenario matching EDIV's restrictions example: routers R1-R6, network AS1-AS4 between the VMs
    /// in <paramref name="onAs1As4"/>, each router also on its own AS network.
    /// </summary>
    public static Scenario Bgp(params string[] onAs1As4)
    {
        var routers = Enumerable.Range(1, 6).Select(i => $"R{i}").ToArray();
        var networks = new List<NetworkSpec> { Net("AS1-AS4") };
        networks.AddRange(routers.Select(r => Net($"AS-{r}")));
        var vms = routers.Select(r => onAs1As4.Contains(r)
            ? Vm(r, 128, $"AS-{r}", "AS1-AS4")
            : Vm(r, 128, $"AS-{r}"));
        return new Scenario("bgp", Networks: networks, Vms: ValueList.From(vms));
    }

    /// <summary>kofy, zermat and pinky, named as the restrictions file names them by their DNS names.</summary>
    public static ClusterSpec BgpCluster() => new(
        ValueList.Of(
            new HostSpec("kofy", "kofy.dit.upm.es", 4096),
            new HostSpec("zermat", "zermat.dit.upm.es", 4096),
            new HostSpec("pinky", "pinky.dit.upm.es", 4096)),
        new VlanRange(1000, 1039));

    /// <summary>tests/data/vnuml/ediv_restrictions_bgp_example.xml, rule for rule, with its line numbers.</summary>
    public static ValueList<LocatedRule> BgpRestrictions() => ValueList.Of(
        At(2, new PlacementRule(PlacementRuleKind.NetworkAt, Networks: ValueList.Of("AS1-AS4"), Host: "kofy.dit.upm.es")),
        At(3, new PlacementRule(PlacementRuleKind.VmAt, ValueList.Of("R2"), Host: "zermat.dit.upm.es")),
        At(4, new PlacementRule(PlacementRuleKind.AntiAffinity, ValueList.Of("R6", "R1"))),
        At(8, new PlacementRule(PlacementRuleKind.AntiAffinity, ValueList.Of("R2", "R5"))),
        At(12, new PlacementRule(PlacementRuleKind.Affinity, ValueList.Of("R3", "R2"))));

    public static LocatedRule At(int line, PlacementRule rule) => new(rule, new SourceLocation("restrictions.xml", line, 1));

    public static NetworkSpec Net(string name) => new(name);

    public static VmSpec Vm(string name, long? memoryMiB, params string[] networks) => new(
        name,
        MemoryKiB: memoryMiB * 1024,
        Interfaces: ValueList.From(networks.Select((n, i) => new InterfaceSpec(i + 1, n))));

    public static Dictionary<string, string> HostsByVm(this Allocation allocation) =>
        allocation.Placements.ToDictionary(p => p.Vm, p => p.Host);

    public static string[] Messages(this IEnumerable<Diagnostic> diagnostics) => [.. diagnostics.Select(d => d.Message)];
}

using Nines.Domain;
using Nines.Domain.Clusters;
using Nines.Domain.Scenarios;
using static Nines.Scheduling.Tests.TestScenarios;

namespace Nines.Scheduling.Tests;

public class BalancedPartitionerTests
{
    private static readonly IPartitioner _balanced = Partitioners.Find("balanced")!;

    private static Scenario Vms(params (string Name, long MemoryMiB)[] vms) =>
        new("s", Vms: ValueList.From(vms.Select(v => Vm(v.Name, v.MemoryMiB))));

    private static ClusterSpec Hosts(params HostSpec[] hosts) => new(ValueList.From(hosts), new VlanRange(1, 10));

    [Fact]
    public void Partition_Spread_PutsEachVmOnTheLeastLoadedHostByMemoryFraction()
    {
        var scenario = Vms(("a", 1024), ("b", 1024), ("c", 1024), ("d", 1024));
        var cluster = Hosts(new HostSpec("big", MemoryMiB: 8192), new HostSpec("small", MemoryMiB: 2048));

        var hosts = _balanced.Partition(new PlacementRequest(scenario, cluster)).HostsByVm();

        // a: both empty, tie -> big (1/8); b: small 0 -> small (1/2); c: big 1/8 -> big (2/8); d: big 2/8 < 1/2 -> big.
        hosts.ShouldBe(new Dictionary<string, string> { ["a"] = "big", ["b"] = "small", ["c"] = "big", ["d"] = "big" });
    }

    [Fact]
    public void Partition_Pack_ChoosesTheBestFit()
    {
        var scenario = Vms(("a", 1000), ("b", 1000), ("c", 3000));
        var cluster = Hosts(new HostSpec("h1", MemoryMiB: 4096), new HostSpec("h2", MemoryMiB: 2048), new HostSpec("h3", MemoryMiB: 3000));

        var hosts = _balanced.Partition(new PlacementRequest(scenario, cluster, Mode: PackingMode.Pack)).HostsByVm();

        // a: smallest free that fits is h2 (2048); b: h2 (1048 left); c: only h3 (3000) fits exactly.
        hosts.ShouldBe(new Dictionary<string, string> { ["a"] = "h2", ["b"] = "h2", ["c"] = "h3" });
    }

    [Fact]
    public void Partition_VmLargerThanAnyHost_ReportsNeedAndLargestFree()
    {
        var scenario = Vms(("a", 200), ("big", 512));
        var cluster = Hosts(new HostSpec("h1", MemoryMiB: 256), new HostSpec("h2", MemoryMiB: 256));

        var allocation = _balanced.Partition(new PlacementRequest(scenario, cluster));

        allocation.Unplaced.ShouldBe([new UnplacedVm("big", "needs 512 MiB, largest free on any host is 256 MiB")]);
        allocation.Diagnostics.Single().ToString().ShouldBe(
            "s: error NX6007: vm[big]: vm \"big\" cannot be placed: needs 512 MiB, largest free on any host is 256 MiB");
    }

    [Fact]
    public void Partition_MaxVmsEverywhere_ReportsMaxVmsReached()
    {
        var scenario = Vms(("a", 1), ("b", 1), ("c", 1));
        var cluster = Hosts(new HostSpec("h1", MaxVms: 1), new HostSpec("h2", MaxVms: 1));

        var allocation = _balanced.Partition(new PlacementRequest(scenario, cluster));

        allocation.Unplaced.ShouldBe([new UnplacedVm("c", "max_vms reached on all hosts")]);
    }

    [Fact]
    public void Partition_NotEnoughVcpus_ReportsVcpus()
    {
        var scenario = new Scenario("s", Vms: ValueList.Of(new VmSpec("a", Vcpus: 2), new VmSpec("b", Vcpus: 4)));
        var cluster = Hosts(new HostSpec("h1", Vcpus: 4), new HostSpec("h2", Vcpus: 3));

        var allocation = _balanced.Partition(new PlacementRequest(scenario, cluster));

        allocation.HostsByVm().ShouldBe(new Dictionary<string, string> { ["a"] = "h1" });
        allocation.Unplaced.ShouldBe([new UnplacedVm("b", "needs 4 vCPUs, most free on any host is 3")]);
    }

    [Fact]
    public void Partition_AntiAffinityExcludesTheHostWithRoom_QualifiesTheLargestFree()
    {
        var scenario = Vms(("a", 100), ("b", 300));
        var cluster = Hosts(new HostSpec("h1", MemoryMiB: 1000), new HostSpec("h2", MemoryMiB: 200));
        var rules = ValueList.Of(At(1, new PlacementRule(PlacementRuleKind.AntiAffinity, ValueList.Of("a", "b"))));

        var allocation = _balanced.Partition(new PlacementRequest(scenario, cluster, rules));

        allocation.Unplaced.ShouldBe([new UnplacedVm("b", "needs 300 MiB, largest free on any host that anti-affinity allows is 200 MiB")]);
    }

    [Fact]
    public void Partition_PinnedHostTooSmall_NamesThePinAndTheShortfall()
    {
        var scenario = Vms(("a", 512));
        var cluster = Hosts(new HostSpec("h1", MemoryMiB: 256), new HostSpec("h2", MemoryMiB: 4096));
        var rules = ValueList.Of(At(7, new PlacementRule(PlacementRuleKind.VmAt, ValueList.Of("a"), Host: "h1")));

        var allocation = _balanced.Partition(new PlacementRequest(scenario, cluster, rules));

        allocation.Unplaced.ShouldBe(
            [new UnplacedVm("a", "pinned to h1 by vm_deploy_at(a) at h1 (restrictions.xml:7:1), but h1 has 256 MiB free (needs 512 MiB)")]);
    }

    [Fact]
    public void Partition_AffinityGroupTooLarge_NamesTheGroup()
    {
        var scenario = Vms(("a", 300), ("b", 300), ("c", 10));
        var cluster = Hosts(new HostSpec("h1", MemoryMiB: 500), new HostSpec("h2", MemoryMiB: 500));
        var rules = ValueList.Of(At(1, new PlacementRule(PlacementRuleKind.Affinity, ValueList.Of("a", "b"))));

        var allocation = _balanced.Partition(new PlacementRequest(scenario, cluster, rules));

        var reason = "its affinity group (a, b) needs 600 MiB, largest free on any host is 500 MiB";
        allocation.Unplaced.ShouldBe([new UnplacedVm("a", reason), new UnplacedVm("b", reason)]);
        allocation.HostsByVm().ShouldBe(new Dictionary<string, string> { ["c"] = "h1" });
    }

    [Fact]
    public void Partition_SoftAntiAffinityImpossible_PlacesAnywayWithWarning()
    {
        var scenario = Vms(("a", 1), ("b", 1));
        var cluster = Hosts(new HostSpec("only"));
        var rules = ValueList.Of(At(3, new PlacementRule(PlacementRuleKind.AntiAffinity, ValueList.Of("a", "b"), Hard: false)));

        var allocation = _balanced.Partition(new PlacementRequest(scenario, cluster, rules));

        allocation.Placements.Count.ShouldBe(2);
        allocation.Diagnostics.Single().ToString().ShouldBe(
            "restrictions.xml:3:1: warning NX6006: antiaffinity: soft antiaffinity(a, b) (restrictions.xml:3:1) not honoured: a and b share only");
    }

    [Fact]
    public void Partition_SoftPinWithRoom_IsHonoured()
    {
        var scenario = Vms(("a", 1), ("b", 1));
        var cluster = Hosts(new HostSpec("h1"), new HostSpec("h2"));
        var rules = ValueList.Of(
            At(1, new PlacementRule(PlacementRuleKind.VmAt, ValueList.Of("a"), Host: "h2", Hard: false)),
            At(2, new PlacementRule(PlacementRuleKind.Affinity, ValueList.Of("a", "b"), Hard: false)));

        var allocation = _balanced.Partition(new PlacementRequest(scenario, cluster, rules));

        allocation.HostsByVm().ShouldBe(new Dictionary<string, string> { ["a"] = "h2", ["b"] = "h2" });
        allocation.Diagnostics.ShouldBeEmpty();
    }

    [Fact]
    public void Partition_SoftPinOnFullHost_PlacesElsewhereWithWarning()
    {
        var scenario = Vms(("a", 600));
        var cluster = Hosts(new HostSpec("h1", MemoryMiB: 500), new HostSpec("h2", MemoryMiB: 1000));
        var rules = ValueList.Of(At(4, new PlacementRule(PlacementRuleKind.VmAt, ValueList.Of("a"), Host: "h1", Hard: false)));

        var allocation = _balanced.Partition(new PlacementRequest(scenario, cluster, rules));

        allocation.HostsByVm().ShouldBe(new Dictionary<string, string> { ["a"] = "h2" });
        allocation.Diagnostics.Messages().ShouldBe(["soft vm_deploy_at(a) at h1 (restrictions.xml:4:1) not honoured: a is on h2"]);
    }

    [Fact]
    public void Partition_OnlySomeVmsToPlace_LeavesTheOthersOut()
    {
        var request = new PlacementRequest(Tutorial(), EdivCluster(), VmsToPlace: ValueList.Of("uml2", "uml4"),
            StaticAssignment: new Dictionary<string, string> { ["uml1"] = "host3" });

        var hosts = _balanced.Partition(request).HostsByVm();

        hosts.Keys.Order().ShouldBe(["uml1", "uml2", "uml4"]);
        hosts["uml1"].ShouldBe("host3");
    }
}

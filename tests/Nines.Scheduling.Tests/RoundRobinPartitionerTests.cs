using Nines.Domain;
using Nines.Domain.Clusters;
using Nines.Domain.Scenarios;
using static Nines.Scheduling.Tests.TestScenarios;

namespace Nines.Scheduling.Tests;

public class RoundRobinPartitionerTests
{
    private static readonly IPartitioner _roundRobin = Partitioners.Find("RoundRobin")!;

    [Fact]
    public void Partition_TutorialOnEdivCluster_AssignsVmIToHostIModN()
    {
        var allocation = _roundRobin.Partition(new PlacementRequest(Tutorial(), EdivCluster()));

        allocation.Placements.ShouldBe(
        [
            new VmPlacement("uml1", "host1"),
            new VmPlacement("uml2", "host2"),
            new VmPlacement("uml3", "host3"),
            new VmPlacement("uml4", "host1"),
            new VmPlacement("uml5", "host2"),
        ]);
        allocation.Unplaced.ShouldBeEmpty();
        allocation.Diagnostics.ShouldBeEmpty();
    }

    [Fact]
    public void Partition_PinnedVm_KeepsItsHostAndTakesNoTurn()
    {
        var rules = ValueList.Of(At(1, new PlacementRule(PlacementRuleKind.VmAt, ValueList.Of("uml2"), Host: "host3")));

        var hosts = _roundRobin.Partition(new PlacementRequest(Tutorial(), EdivCluster(), rules)).HostsByVm();

        hosts.ShouldBe(new Dictionary<string, string>
        {
            ["uml1"] = "host1",
            ["uml2"] = "host3",
            ["uml3"] = "host2",
            ["uml4"] = "host3",
            ["uml5"] = "host1",
        });
    }

    [Fact]
    public void Partition_NextHostBreaksAntiAffinity_TakesTheNextHostThatDoesNot()
    {
        // uml4's turn is host1, where uml1 runs, so it takes host2 and the turns continue at host3.
        var rules = ValueList.Of(At(1, new PlacementRule(PlacementRuleKind.AntiAffinity, ValueList.Of("uml1", "uml4"))));

        var hosts = _roundRobin.Partition(new PlacementRequest(Tutorial(), EdivCluster(), rules)).HostsByVm();

        hosts["uml4"].ShouldBe("host2");
        hosts["uml5"].ShouldBe("host3");
    }

    [Fact]
    public void Partition_AffinityGroup_TakesOneTurnOnTheFirstMembersHost()
    {
        var rules = ValueList.Of(At(1, new PlacementRule(PlacementRuleKind.Affinity, ValueList.Of("uml1", "uml5"))));

        var hosts = _roundRobin.Partition(new PlacementRequest(Tutorial(), EdivCluster(), rules)).HostsByVm();

        hosts.ShouldBe(new Dictionary<string, string>
        {
            ["uml1"] = "host1",
            ["uml2"] = "host2",
            ["uml3"] = "host3",
            ["uml4"] = "host1",
            ["uml5"] = "host1",
        });
    }

    [Fact]
    public void Partition_IgnoresMemoryLikeEdiv()
    {
        var tiny = new ClusterSpec(ValueList.Of(new HostSpec("a", MemoryMiB: 1), new HostSpec("b", MemoryMiB: 1)), new VlanRange(1, 10));

        var allocation = _roundRobin.Partition(new PlacementRequest(Tutorial(), tiny));

        allocation.Placements.Count.ShouldBe(5);
    }

    [Fact]
    public void Partition_AntiAffinityLeavesNoHost_ReportsUnplacedNamingTheVms()
    {
        var two = new ClusterSpec(ValueList.Of(new HostSpec("a"), new HostSpec("b")), new VlanRange(1, 10));
        var rules = ValueList.Of(
            At(1, new PlacementRule(PlacementRuleKind.AntiAffinity, ValueList.Of("uml1", "uml3"))),
            At(2, new PlacementRule(PlacementRuleKind.AntiAffinity, ValueList.Of("uml2", "uml3"))),
            At(3, new PlacementRule(PlacementRuleKind.Affinity, ValueList.Of("uml1", "uml4"))),
            At(4, new PlacementRule(PlacementRuleKind.AntiAffinity, ValueList.Of("uml4", "uml2"))));

        var allocation = _roundRobin.Partition(new PlacementRequest(Tutorial(), two, rules));

        allocation.Unplaced.ShouldBe([new UnplacedVm("uml3", "anti-affinity with uml1, uml2 leaves no host")]);
        allocation.Diagnostics.Messages().ShouldBe(["vm \"uml3\" cannot be placed: anti-affinity with uml1, uml2 leaves no host"]);
    }
}

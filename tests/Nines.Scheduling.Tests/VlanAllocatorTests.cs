using Nines.Domain.Clusters;
using static Nines.Scheduling.Tests.TestScenarios;

namespace Nines.Scheduling.Tests;

public class VlanAllocatorTests
{
    private static Allocation TutorialRoundRobin() =>
        Partitioners.Find("RoundRobin")!.Partition(new PlacementRequest(Tutorial(), EdivCluster()));

    [Fact]
    public void Allocate_TutorialRoundRobin_GivesCrossHostNetworksTheNextIdsInDocumentOrder()
    {
        var result = VlanAllocator.Allocate(Tutorial(), EdivCluster(), TutorialRoundRobin());

        result.Diagnostics.ShouldBeEmpty();
        result.Assignments.ShouldBe(
        [
            new VlanAssignment("Net0", 1000, ["host1", "host2", "host3"]),
            new VlanAssignment("Net1", 1001, ["host1", "host3"]),
            new VlanAssignment("Net2", 1002, ["host1", "host2"]),
        ]);
    }

    [Fact]
    public void Allocate_IdsInUse_AreSkipped()
    {
        var result = VlanAllocator.Allocate(Tutorial(), EdivCluster(), TutorialRoundRobin(), new HashSet<int> { 1000, 1002 });

        result.Assignments.Select(a => (a.Network, a.Vlan)).ShouldBe([("Net0", 1001), ("Net1", 1003), ("Net2", 1004)]);
    }

    [Fact]
    public void Allocate_RangeExhausted_NamesTheNetworkAndTheRange()
    {
        var cluster = EdivCluster() with { Vlans = new VlanRange(1000, 1001) };

        var result = VlanAllocator.Allocate(Tutorial(), cluster, TutorialRoundRobin());

        result.Assignments.Select(a => a.Network).ShouldBe(["Net0", "Net1"]);
        result.Diagnostics.Select(d => d.ToString()).ShouldBe(
        [
            "tutorial_root1: error NX6009: net[Net2]: network \"Net2\" spans host1, host2 but the cluster's VLAN range 1000-1001 " +
            "has no free id left (expected a larger range or fewer cross-host networks)",
        ]);
    }

    [Fact]
    public void Allocate_AllOnOneHost_GivesNoVlan()
    {
        var allOnOne = new Allocation([.. Tutorial().Vms.Select(v => new VmPlacement(v.Name, "host2"))]);

        VlanAllocator.Allocate(Tutorial(), EdivCluster(), allOnOne).Assignments.ShouldBeEmpty();
    }
}

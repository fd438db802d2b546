using Nines.Domain;
using Nines.Domain.Clusters;
using Nines.Domain.Scenarios;
using Nines.Scheduling.Partitioning;
using static Nines.Scheduling.Tests.TestScenarios;

namespace Nines.Scheduling.Tests;

public class WeightedRoundRobinPartitionerTests
{
    private static readonly IPartitioner _weighted = Partitioners.Find("WeightedRoundRobin")!;

    [Fact]
    public void Partition_TutorialOnEdivCluster_FastestHostGetsTheMost()
    {
        var allocation = _weighted.Partition(new PlacementRequest(Tutorial(), EdivCluster()));

        // Shares 2.5 / 1.25 / 1.25 round to 3 / 1 / 1; hosts take turns while they have quota.
        allocation.HostsByVm().ShouldBe(new Dictionary<string, string>
        {
            ["uml1"] = "host1",
            ["uml2"] = "host2",
            ["uml3"] = "host3",
            ["uml4"] = "host1",
            ["uml5"] = "host1",
        });
    }

    [Theory]
    [InlineData(new[] { 200d, 100d, 100d }, 5, new long[] { 3, 1, 1 })]
    [InlineData(new[] { 100d, 100d, 100d }, 4, new long[] { 2, 1, 1 })]
    [InlineData(new[] { 100d, 0d, 100d }, 5, new long[] { 3, 0, 2 })]
    [InlineData(new[] { 0d, 0d }, 3, new long[] { 2, 1 })]
    [InlineData(new[] { 50d, 150d }, 3, new long[] { 1, 2 })]
    [InlineData(new[] { 100d, 200d, 100d }, 2, new long[] { 1, 1, 0 })]
    public void Quotas_LargestRemainder_SumsToTotalWithDocumentedTies(double[] weights, long total, long[] expected) =>
        WeightedRoundRobinPartitioner.Quotas(weights, total).ShouldBe(expected);

    [Fact]
    public void Partition_FullyLoadedHost_GetsNoVmWhileOthersHaveCapacity()
    {
        var cluster = new ClusterSpec(
            ValueList.Of(new HostSpec("busy", CpuSpeed: 400, Load: 1), new HostSpec("idle1"), new HostSpec("idle2", Load: 0.5)),
            new VlanRange(1, 10));

        var allocation = _weighted.Partition(new PlacementRequest(Tutorial(), cluster));

        allocation.Placements.ShouldNotContain(p => p.Host == "busy");
        allocation.Placements.Count(p => p.Host == "idle1").ShouldBeGreaterThan(allocation.Placements.Count(p => p.Host == "idle2"));
    }

    [Fact]
    public void Partition_HostWithQuotaBreaksAntiAffinity_SkipsToTheNextHostWithQuota()
    {
        var rules = ValueList.Of(At(1, new PlacementRule(PlacementRuleKind.AntiAffinity, ValueList.Of("uml1", "uml4", "uml5"))));

        var hosts = _weighted.Partition(new PlacementRequest(Tutorial(), EdivCluster(), rules)).HostsByVm();

        new[] { hosts["uml1"], hosts["uml4"], hosts["uml5"] }.Distinct().Count().ShouldBe(3);
        hosts["uml1"].ShouldBe("host1");
    }
}

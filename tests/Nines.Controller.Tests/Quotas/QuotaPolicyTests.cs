using Nines.Controller.Quotas;
using Nines.Domain.Scenarios;

namespace Nines.Controller.Tests.Quotas;

public sealed class QuotaPolicyTests
{
    private static readonly QuotaUsage _none = QuotaUsage.Zero;

    [Fact]
    public void CheckDeployment_EveryRuleBroken_ReportsEachWithItsLimitAndUsage()
    {
        var quota = new TenantQuota(Vms: 1, Vcpus: 1, MemoryMiB: 100, Deployments: 1, Vlans: 1);
        var others = new QuotaUsage(1, 1, 100, 1, 1, 0);

        var violations = QuotaPolicy.CheckDeployment("t", quota, others, _none, new QuotaUsage(1, 1, 1, 1, 1, 0), null, callerIsAdmin: false);

        violations.Select(v => (v.Rule, v.Limit, v.Usage, v.Requested)).ShouldBe(
            [("vms", 1L, 1L, 1L), ("vcpus", 1L, 1L, 1L), ("memoryMiB", 100L, 100L, 1L), ("deployments", 1L, 1L, 1L), ("vlans", 1L, 1L, 1L)]);
        violations.ShouldAllBe(v => v.Field == "scenario");
    }

    [Fact]
    public void CheckDeployment_ExactlyAtTheLimit_IsAdmitted()
    {
        var quota = new TenantQuota(Vms: 4);

        QuotaPolicy.CheckDeployment("t", quota, new QuotaUsage(2, 0, 0, 0, 0, 0), _none, new QuotaUsage(2, 0, 0, 1, 0, 0), null, false).ShouldBeEmpty();
    }

    [Fact]
    public void CheckDeployment_ShrinkingAboveALoweredQuota_IsAdmitted()
    {
        var quota = new TenantQuota(Vms: 1);

        QuotaPolicy.CheckDeployment("t", quota, _none, new QuotaUsage(5, 0, 0, 1, 0, 0), new QuotaUsage(3, 0, 0, 1, 0, 0), null, false).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(null, false, true)]
    [InlineData(null, true, false)]
    [InlineData(true, false, false)]
    [InlineData(false, true, true)]
    public void CheckDeployment_RealTimePriority_RefusedUnlessAllowed(bool? schedFifo, bool admin, bool refused)
    {
        var scenario = new Scenario("s", Vms: [new VmSpec("rt", Qos: new QosSpec(RealTimePriority: 50)), new VmSpec("plain")]);

        var violations = QuotaPolicy.CheckDeployment("t", new TenantQuota(SchedFifo: schedFifo), _none, _none, QuotaUsage.Of(scenario, 128, 1), scenario, admin);

        violations.Any(v => v.Rule == "schedFifo").ShouldBe(refused);
    }

    [Fact]
    public void UsageOf_VmsWithoutSizes_CountTheMappersDefaults()
    {
        var scenario = new Scenario("s", Networks: [new NetworkSpec("a"), new NetworkSpec("b")], Vms: [new VmSpec("x"), new VmSpec("y", MemoryKiB: 512 * 1024, Vcpus: 4)]);

        QuotaUsage.Of(scenario, 128, 1).ShouldBe(new QuotaUsage(2, 5, 640, 1, 2, 0));
    }

    [Fact]
    public void CheckResize_NewLimitReplacesTheVmsOwnMemory()
    {
        var quota = new TenantQuota(MemoryMiB: 1000);
        var usage = new QuotaUsage(2, 2, 600, 1, 0, 0);

        QuotaPolicy.CheckResize("t", quota, usage, 300, 700, null, 0, null).ShouldBeEmpty();
        QuotaPolicy.CheckResize("t", quota, usage, 300, 701, null, 0, null).ShouldHaveSingleItem().Rule.ShouldBe("memoryMiB");
        QuotaPolicy.CheckResize("t", quota, usage, 300, 700, null, 512, null).ShouldHaveSingleItem().Rule.ShouldBe("hostMemory");
        QuotaPolicy.CheckResize("t", quota, usage, 300, null, 250, 0, 2).ShouldHaveSingleItem().Rule.ShouldBe("hostVcpus");
    }

    [Fact]
    public void CheckImageBytes_OneByteOver_Refused()
    {
        var quota = new TenantQuota(ImageBytes: 100);

        QuotaPolicy.CheckImageBytes("t", quota, 60, 40).ShouldBeNull();
        QuotaPolicy.CheckImageBytes("t", quota, 60, 41)!.Rule.ShouldBe("imageBytes");
    }
}

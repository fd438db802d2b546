using Nines.Domain.Scenarios;
using Nines.Upgrades.Campaigns;

namespace Nines.Upgrades.Tests.Campaigns;

public sealed class CampaignPlannerTests
{
    private static readonly DateTimeOffset _now = CampaignHarness.Start;

    private static CampaignPlan Plan(Scenario to, CampaignOptions? options = null, Scenario? from = null) =>
        CampaignPlanner.Plan(new CampaignRequest("c1", "lab", from ?? Scenarios.Lab(), to, options), _now);

    [Fact]
    public void Plan_ImageChangeWithAllowOutage_OneProcedurePerGroupInOrderThenTheOutage()
    {
        var plan = Plan(Scenarios.Lab(Scenarios.PinB), new CampaignOptions(AllowOutage: true));

        var campaign = plan.Campaign.ShouldNotBeNull();
        campaign.State.ShouldBe(CampaignState.Initial);
        campaign.CreatedAt.ShouldBe(_now);
        campaign.Procedures.Select(p => (p.Name, p.Model, p.MinInService, string.Join(",", p.Units.Select(u => u.Unit))))
            .ShouldBe([("pair", RedundancyModel.TwoN, 1, "a,b"), ("web", RedundancyModel.NWayActive, 1, "w1,w2,w3"), (CampaignProcedure.OutageProcedure, RedundancyModel.None, 0, "lone")]);
        campaign.Units.ShouldAllBe(u => u.TargetRevision == plan.Diff.ToRevision && u.IsPending);
        campaign.FromRevision.ShouldBe(plan.Diff.FromRevision);
    }

    [Fact]
    public void Plan_StepsPerKindOfUnit_FollowTheModelAndGates()
    {
        var campaign = Plan(Scenarios.Lab(Scenarios.PinB), new CampaignOptions(AllowOutage: true, SoakTime: TimeSpan.FromSeconds(30), KpiThresholds: [new KpiThreshold("cpu_percent", Max: 90)])).Campaign!;

        campaign.Units.First(u => u.Unit == "a").Steps.ShouldBe([
            CampaignStepKind.CheckRedundancy, CampaignStepKind.Switchover, CampaignStepKind.Lock, CampaignStepKind.Stop, CampaignStepKind.Start,
            CampaignStepKind.GuestAgent, CampaignStepKind.HealthSequence, CampaignStepKind.Unlock, CampaignStepKind.ReachStandby, CampaignStepKind.Kpis, CampaignStepKind.Soak]);
        campaign.Units.First(u => u.Unit == "w1").Steps.ShouldBe([
            CampaignStepKind.CheckRedundancy, CampaignStepKind.Lock, CampaignStepKind.Stop, CampaignStepKind.Start,
            CampaignStepKind.GuestAgent, CampaignStepKind.Unlock, CampaignStepKind.ReachStandby, CampaignStepKind.Kpis, CampaignStepKind.Soak]);
        campaign.Units.First(u => u.Unit == "lone").Steps.ShouldBe([
            CampaignStepKind.CheckRedundancy, CampaignStepKind.Stop, CampaignStepKind.Start, CampaignStepKind.GuestAgent, CampaignStepKind.Kpis, CampaignStepKind.Soak]);
    }

    [Fact]
    public void Plan_HealthSequenceOnlyInOneRevision_GatesOnlyThatDirection()
    {
        var to = Scenarios.Lab(Scenarios.PinB).With("a", v => v with { Execs = [.. v.Execs.Where(e => e.Sequence != "health")] });

        var a = Plan(to, new CampaignOptions(AllowOutage: true)).Campaign!.Units.First(u => u.Unit == "a");

        a.Steps.ShouldNotContain(CampaignStepKind.HealthSequence);
        a.RollbackSteps.ShouldContain(CampaignStepKind.HealthSequence);
    }

    [Fact]
    public void Plan_UnprotectedVmWithoutAllowOutage_RefusesNamingTheVmAndWhatChanged()
    {
        var plan = Plan(Scenarios.Lab(Scenarios.PinB));

        plan.Succeeded.ShouldBeFalse();
        var error = plan.Diagnostics.ShouldHaveSingleItem();
        error.Code.ShouldBe(CampaignPlanner.OutageNotAllowed);
        error.Field.ShouldBe("vms[lone]");
        error.Message.ShouldBe("vm lone is in no redundancy group: restarting it for image is an outage; allow outages to upgrade it anyway");
    }

    [Fact]
    public void Plan_GroupTooSmallToKeepItsService_IsAnOutage()
    {
        var from = Scenarios.Lab() with { RedundancyGroups = [new RedundancyGroupSpec("pair", RedundancyModel.TwoN, ["a"])] };
        var to = from.With("a", v => v with { Image = Scenarios.PinB });

        Plan(to, from: from).Diagnostics.ShouldHaveSingleItem().Message.ShouldStartWith("vm a is in group pair, too small to keep its service while one member is out");
        Plan(to, new CampaignOptions(AllowOutage: true), from).Campaign!.Procedures.ShouldHaveSingleItem().Name.ShouldBe(CampaignProcedure.OutageProcedure);
    }

    [Fact]
    public void Plan_NPlusMGroup_KeepsNUnitsInService()
    {
        var from = Scenarios.Lab() with { RedundancyGroups = [new RedundancyGroupSpec("web", RedundancyModel.NPlusM, ["w1", "w2", "w3"], Actives: 2, Standbys: 1)] };

        var campaign = Plan(from.With("w1", v => v with { Vcpus = 2 }), from: from).Campaign!;

        campaign.Procedures.ShouldHaveSingleItem().MinInService.ShouldBe(2);
    }

    [Fact]
    public void Plan_OnlyLiveChanges_RefusesWithNothingToUpgrade()
    {
        var plan = Plan(Scenarios.Lab().With("a", v => v with { Order = 1 }));

        plan.Diagnostics.ShouldHaveSingleItem().Code.ShouldBe(CampaignPlanner.NothingToUpgrade);
        plan.Diff.LiveVms.ShouldHaveSingleItem().Name.ShouldBe("a");
    }

    [Fact]
    public void Plan_BadOptions_ReportsEveryProblemAtOnce()
    {
        var options = new CampaignOptions(
            MaxUnavailable: 0,
            AllowOutage: true,
            HealthSequence: " ",
            SoakTime: TimeSpan.FromSeconds(-1),
            KpiThresholds: [new KpiThreshold("cpu", Min: 5, Max: 1), new KpiThreshold(""), new KpiThreshold("rss", Max: double.NaN)],
            StepTimeout: TimeSpan.Zero,
            RedundancyTimeout: TimeSpan.FromSeconds(-5));

        var plan = CampaignPlanner.Plan(new CampaignRequest("", "", Scenarios.Lab(), Scenarios.Lab(Scenarios.PinB), options), _now);

        plan.Succeeded.ShouldBeFalse();
        plan.Diagnostics.Select(d => d.Field).ShouldBe([
            "id", "deployment", "maxUnavailable", "healthSequence", "soakTime", "stepTimeout", "redundancyTimeout",
            "kpiThresholds[0]", "kpiThresholds[1].metric", "kpiThresholds[1]", "kpiThresholds[2]"]);
        plan.Diagnostics.ShouldAllBe(d => d.Code == CampaignPlanner.BadOption && d.IsError);
    }
}

using Nines.Upgrades.Campaigns;

namespace Nines.Upgrades.Tests.Campaigns;

public sealed class CampaignEngineTests
{
    private static CampaignHarness Upgrade(CampaignOptions? options = null, bool execute = true) =>
        CampaignHarness.Lab(Scenarios.Lab(Scenarios.PinA), Scenarios.Lab(Scenarios.PinB), options, execute);

    [Fact]
    public void Advance_InitialCampaign_DoesNothing()
    {
        var h = Upgrade(execute: false);

        var result = h.Step();

        result.Campaign.ShouldBe(h.Campaign);
        result.Actions.ShouldBeEmpty();
        result.Events.ShouldBeEmpty();
        h.Campaign.State.ShouldBe(CampaignState.Initial);
    }

    [Fact]
    public void Advance_HealthyUnits_UpgradesEveryGroupInOrderAndCompletes()
    {
        var h = Upgrade();

        h.Run();

        h.Campaign.State.ShouldBe(CampaignState.Completed);
        h.Shell.Violations.ShouldBeEmpty();
        h.Shell.Units.Values.ShouldAllBe(u => u.Revision == h.Campaign.ToRevision && u.Running && !u.Locked);
        var order = h.Shell.Carried.Where(a => a.Kind == CampaignActionKind.StartVm).Select(a => a.Unit).ToList();
        order.ShouldBe(["b", "a", "w1", "w2", "w3", "lone"]);
        h.Events.ShouldContain(e => e.Kind == CampaignEventKind.StateChanged && e.State == CampaignState.Completed);
        CampaignProgress.Of(h.Campaign).Percent.ShouldBe(100);
    }

    [Fact]
    public void Advance_TwoNGroup_UpgradesStandbyFirstThenSwitchesActiveOver()
    {
        var h = Upgrade();

        h.Run();

        h.CarriedFor("b").ShouldBe(["Lock", "StopVm", "StartVm(new)", "RunHealthSequence", "Unlock"]);
        h.CarriedFor("a").ShouldBe(["Switchover", "Lock", "StopVm", "StartVm(new)", "RunHealthSequence", "Unlock"]);
        var switchover = h.Shell.Carried.FindIndex(a => a is { Unit: "a", Kind: CampaignActionKind.Switchover });
        var bUnlocked = h.Shell.Carried.FindIndex(a => a is { Unit: "b", Kind: CampaignActionKind.Unlock });
        switchover.ShouldBeGreaterThan(bUnlocked);
        h.Campaign.Units.First(u => u.Unit == "b").History.ShouldContain(r => r.Step == CampaignStepKind.Switchover && r.Outcome == CampaignStepOutcome.Skipped);
    }

    [Fact]
    public void Advance_NWayActiveGroup_LocksWithoutSwitchover()
    {
        var h = Upgrade();

        h.Run();

        h.CarriedFor("w2").ShouldBe(["Lock", "StopVm", "StartVm(new)", "Unlock"]);
        h.Campaign.Units.First(u => u.Unit == "w2").Steps.ShouldNotContain(CampaignStepKind.Switchover);
    }

    [Fact]
    public void Advance_OutageProcedure_RestartsWithoutLockAfterTheGroups()
    {
        var h = Upgrade();

        h.Run();

        h.CarriedFor("lone").ShouldBe(["StopVm", "StartVm(new)"]);
        h.Campaign.Procedures[^1].Name.ShouldBe(CampaignProcedure.OutageProcedure);
    }

    [Fact]
    public void Advance_SameObservationTwice_IssuesNothingTheSecondTime()
    {
        var h = Upgrade();
        h.Step().Actions.ShouldNotBeEmpty();

        var again = CampaignEngine.Advance(h.Campaign, h.Shell.Observe(), h.Now + TimeSpan.FromSeconds(5));

        again.Actions.ShouldBeEmpty();
        again.Campaign.ShouldBe(h.Campaign);
    }

    /// <summary>Only the active of the 2N pair changes.</summary>
    private static CampaignHarness UpgradeActiveOnly(CampaignOptions? options = null) =>
        CampaignHarness.Lab(Scenarios.Lab(Scenarios.PinA), Scenarios.Lab(Scenarios.PinA).With("a", v => v with { Image = Scenarios.PinB }), options);

    [Fact]
    public void Advance_ActiveWithoutStandbyInService_WaitsAndSaysWhy()
    {
        var h = UpgradeActiveOnly();
        h.Shell.Units["a"].Role.ShouldBe(CampaignUnitRole.Active);
        var observed = h.Shell.Observe();
        // b runs and is in service, but the availability manager has not given it the standby role yet.
        observed = observed with { Units = [.. observed.Units.Select(u => u.Unit == "b" ? u with { Role = CampaignUnitRole.None } : u)] };

        var first = CampaignEngine.Advance(h.Campaign, observed, h.Now.AddSeconds(1));
        var second = CampaignEngine.Advance(first.Campaign, observed, h.Now.AddSeconds(2));

        first.Actions.ShouldBeEmpty();
        second.Actions.ShouldBeEmpty();
        var a = second.Campaign.Units.Single();
        a.CurrentStep.ShouldBe(CampaignStepKind.CheckRedundancy);
        a.Held.ShouldBeFalse();
        a.Waiting.ShouldBe("unit a is active and no standby in service can take over from it");
        first.Events.Count(e => e.Kind == CampaignEventKind.UnitWaiting).ShouldBe(1);
        second.Events.ShouldBeEmpty();
    }

    [Fact]
    public void Advance_StandbyDown_ActiveWaitsUntilItIsBack()
    {
        var h = UpgradeActiveOnly();
        h.Shell.Crash("b");

        h.Step();
        h.Campaign.Units.Single().Waiting.ShouldBe("group pair already has 1 unit(s) out of service (b) and max-unavailable is 1");
        h.Shell.Recover("b");
        h.Run();

        h.Campaign.State.ShouldBe(CampaignState.Completed);
        h.CarriedFor("a").ShouldBe(["Switchover", "Lock", "StopVm", "StartVm(new)", "RunHealthSequence", "Unlock"]);
        h.Shell.Violations.ShouldBeEmpty();
    }

    [Fact]
    public void Advance_RedundancyNeverAllows_FailsAfterRedundancyTimeoutWithNothingToRollBack()
    {
        var h = UpgradeActiveOnly(new CampaignOptions(RedundancyTimeout: TimeSpan.FromMinutes(2)));
        h.Shell.Crash("b");

        h.Run(elapse: TimeSpan.FromSeconds(30));

        h.Campaign.State.ShouldBe(CampaignState.RolledBack);
        h.Campaign.Failure.ShouldBe("unit a failed at check-redundancy: not done within 00:02:00: group pair already has 1 unit(s) out of service (b) and max-unavailable is 1");
        h.Campaign.Rollback.ShouldBeEmpty();
        h.Shell.Carried.ShouldBeEmpty();
    }

    [Fact]
    public void Advance_MaxUnavailableTwoInTwoNGroup_NeverTakesBothUnits()
    {
        var h = Upgrade(new CampaignOptions(AllowOutage: true, MaxUnavailable: 2));
        h.Step();

        h.Campaign.Units.First(u => u.Unit == "b").Held.ShouldBeTrue();
        h.Campaign.Units.First(u => u.Unit == "a").Waiting.ShouldBe("group pair would keep 0 unit(s) in service, it needs 1");
        h.Run();
        h.Campaign.State.ShouldBe(CampaignState.Completed);
        h.Shell.Violations.ShouldBeEmpty();
    }

    [Fact]
    public void Advance_ActionNeverConfirmed_FailsAfterStepTimeout()
    {
        var h = Upgrade(new CampaignOptions(AllowOutage: true, StepTimeout: TimeSpan.FromMinutes(1)));
        h.Step();
        h.Apply();
        h.Step().Actions.Single().Kind.ShouldBe(CampaignActionKind.StopVm);

        // The shell never carries out the stop.
        h.Step(TimeSpan.FromSeconds(30)).Actions.ShouldBeEmpty();
        h.Step(TimeSpan.FromSeconds(31));

        h.Campaign.State.ShouldBe(CampaignState.RollingBack);
        h.Campaign.Failure.ShouldBe("unit b failed at stop: not done within 00:01:00");
    }

    [Fact]
    public void Advance_MaxUnavailableTwo_TakesTwoUnitsOfAGroupAtOnceNeverThree()
    {
        var h = Upgrade(new CampaignOptions(AllowOutage: true, MaxUnavailable: 2));
        var most = 0;

        h.Run(c =>
        {
            most = Math.Max(most, c.Units.Concat(c.Rollback).Count(u => u.Held));
            return c.State == CampaignState.Completed;
        });

        most.ShouldBe(2);
        h.Shell.Violations.ShouldBeEmpty();
    }

    [Fact]
    public void Advance_SoakTime_KeepsUnitUntilItHasSoaked()
    {
        var h = Upgrade(new CampaignOptions(AllowOutage: true, SoakTime: TimeSpan.FromMinutes(3)));
        h.Run(c => c.Units.First(u => u.Unit == "b").CurrentStep == CampaignStepKind.Soak);

        h.Step(TimeSpan.FromMinutes(2));
        h.Campaign.Units.First(u => u.Unit == "b").CurrentStep.ShouldBe(CampaignStepKind.Soak);
        h.Step(TimeSpan.FromMinutes(1.5));

        var b = h.Campaign.Units.First(u => u.Unit == "b");
        b.IsDone.ShouldBeTrue();
        b.History.Single(r => r.Step == CampaignStepKind.Soak).Outcome.ShouldBe(CampaignStepOutcome.Passed);
    }

    [Fact]
    public void Advance_UnitLeavesServiceDuringSoak_FailsItsGateAndRollsBack()
    {
        var h = Upgrade(new CampaignOptions(AllowOutage: true, SoakTime: TimeSpan.FromMinutes(3)));
        h.Run(c => c.Units.First(u => u.Unit == "b").CurrentStep == CampaignStepKind.Soak);
        h.Shell.Crash("b");

        h.Step();

        h.Campaign.State.ShouldBe(CampaignState.RollingBack);
        h.Campaign.Failure!.ShouldStartWith("unit b failed at soak: unit b no longer runs revision");
    }

    [Fact]
    public void Advance_KpiThresholds_ChecksKpisAndAFailedCheckFailsTheGate()
    {
        var h = Upgrade(new CampaignOptions(AllowOutage: true, KpiThresholds: [new KpiThreshold("cpu_percent", Max: 80)]));
        h.Shell.KpiFailRevisions.Add(h.Campaign.ToRevision);

        h.Run();

        h.CarriedFor("b").ShouldBe(["Lock", "StopVm", "StartVm(new)", "RunHealthSequence", "Unlock", "CheckKpis", "Lock", "StopVm", "StartVm(old)", "RunHealthSequence", "Unlock", "CheckKpis"]);
        h.Campaign.State.ShouldBe(CampaignState.RolledBack);
        h.Campaign.Failure!.ShouldStartWith("unit b failed at kpis: check-kpis failed: CheckKpis failed on sha256:");
    }

    [Fact]
    public void Advance_EveryStepTransition_YieldsAnEvent()
    {
        var h = Upgrade();

        h.Run();

        foreach (var unit in h.Campaign.Units)
        {
            var ran = unit.History.Select(r => r.Step).ToList();
            ran.ShouldBe([.. unit.Steps]);
            foreach (var step in ran)
            {
                h.Events.ShouldContain(e => e.Unit == unit.Unit && e.Step == step && e.Kind == CampaignEventKind.StepStarted);
                h.Events.ShouldContain(e => e.Unit == unit.Unit && e.Step == step && (e.Kind == CampaignEventKind.StepCompleted || e.Kind == CampaignEventKind.StepSkipped));
            }
        }

        h.Events.Count(e => e.Kind == CampaignEventKind.ActionIssued).ShouldBe(h.Shell.Carried.Count);
    }
}

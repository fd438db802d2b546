using Nines.Upgrades.Campaigns;

namespace Nines.Upgrades.Tests.Campaigns;

public sealed class CampaignRollbackTests
{
    private static CampaignHarness Upgrade(CampaignOptions? options = null) =>
        CampaignHarness.Lab(Scenarios.Lab(Scenarios.PinA), Scenarios.Lab(Scenarios.PinB), options);

    [Fact]
    public void Advance_FailedHealthGate_RollsBackUpgradedUnitsInReverseOrder()
    {
        var h = Upgrade(new CampaignOptions(AllowOutage: true, StepTimeout: TimeSpan.FromMinutes(1)));
        h.Shell.GuestFails.Add(("w3", h.Campaign.ToRevision));

        h.Run(elapse: TimeSpan.FromSeconds(10));

        h.Campaign.State.ShouldBe(CampaignState.RolledBack);
        h.Campaign.Failure.ShouldBe("unit w3 failed at guest-agent: not done within 00:01:00");
        var restartedOld = h.Shell.Carried.Where(a => a.Kind == CampaignActionKind.StartVm && a.Revision == h.Campaign.FromRevision).Select(a => a.Unit);
        restartedOld.ShouldBe(["w3", "w2", "w1", "a", "b"]);
        h.Shell.Units.Values.ShouldAllBe(u => u.Revision == h.Campaign.FromRevision && u.Running && !u.Locked);
        h.Shell.Violations.ShouldBeEmpty();
        h.CarriedFor("lone").ShouldBeEmpty();
    }

    [Fact]
    public void Advance_BadRevision_RollsBackTheFirstUnitAndStopsThere()
    {
        var h = Upgrade();
        h.Shell.BadRevisions.Add(h.Campaign.ToRevision);

        h.Run();

        h.Campaign.State.ShouldBe(CampaignState.RolledBack);
        h.Campaign.Failure.ShouldBe($"unit b failed at health-sequence: run-health-sequence failed: RunHealthSequence failed on {h.Campaign.ToRevision}");
        h.CarriedFor("b").ShouldBe(["Lock", "StopVm", "StartVm(new)", "RunHealthSequence", "StopVm", "StartVm(old)", "RunHealthSequence", "Unlock"]);
        h.CarriedFor("a").ShouldBeEmpty();
        h.Campaign.Rollback.ShouldHaveSingleItem().History.ShouldContain(r => r.Step == CampaignStepKind.Lock && r.Outcome == CampaignStepOutcome.Skipped);
    }

    [Fact]
    public void Advance_RollbackStepFails_EndsFailedNamingUnitAndReason()
    {
        var h = Upgrade();
        h.Shell.BadRevisions.Add(h.Campaign.ToRevision);
        h.Run(c => c.State == CampaignState.RollingBack);
        h.Shell.Refused.Add(CampaignActionKind.StartVm);

        h.Run();

        h.Campaign.State.ShouldBe(CampaignState.Failed);
        h.Campaign.FailedUnit.ShouldBe("b");
        h.Campaign.Failure.ShouldBe(
            $"rollback of unit b failed at start: start-vm failed: StartVm refused by the test (rolling back because unit b failed at health-sequence: run-health-sequence failed: RunHealthSequence failed on {h.Campaign.ToRevision})");
        h.Events.ShouldContain(e => e.Kind == CampaignEventKind.StateChanged && e.State == CampaignState.Failed);
        CampaignEngine.Advance(h.Campaign, h.Shell.Observe(), h.Now.AddMinutes(1)).Actions.ShouldBeEmpty();
    }

    [Fact]
    public void Rollback_FailedCampaign_RetriesTheFailedUnitAndRollsBack()
    {
        var h = Upgrade();
        h.Shell.BadRevisions.Add(h.Campaign.ToRevision);
        h.Run(c => c.State == CampaignState.RollingBack);
        h.Shell.Refused.Add(CampaignActionKind.StartVm);
        h.Run();
        h.Shell.Refused.Clear();

        h.Command(CampaignCommand.Rollback).ShouldBeTrue();
        h.Run();

        h.Campaign.State.ShouldBe(CampaignState.RolledBack);
        h.Campaign.FailedUnit.ShouldBeNull();
        h.Shell.Units["b"].Revision.ShouldBe(h.Campaign.FromRevision);
        h.Shell.Units["b"].Locked.ShouldBeFalse();
    }

    [Fact]
    public void Rollback_CompletedCampaign_ReturnsEveryUnitInReverseOrder()
    {
        var h = Upgrade();
        h.Run();

        h.Command(CampaignCommand.Rollback).ShouldBeTrue();
        h.Run();

        h.Campaign.State.ShouldBe(CampaignState.RolledBack);
        h.Campaign.Rollback.Select(t => t.Unit).ShouldBe(["lone", "w3", "w2", "w1", "a", "b"]);
        h.Shell.Units.Values.ShouldAllBe(u => u.Revision == h.Campaign.FromRevision && u.Running && !u.Locked);
        h.Shell.Violations.ShouldBeEmpty();
    }

    [Fact]
    public void Rollback_WhileAUnitIsMidway_ReturnsItWithoutTouchingUnstartedOnes()
    {
        var h = Upgrade();
        h.Run(c => c.Units.First(u => u.Unit == "b").CurrentStep == CampaignStepKind.Start);

        h.Command(CampaignCommand.Rollback).ShouldBeTrue();
        h.Run();

        h.Campaign.State.ShouldBe(CampaignState.RolledBack);
        h.Campaign.Failure.ShouldBe("rollback requested by the admin");
        h.Campaign.Rollback.ShouldHaveSingleItem().Unit.ShouldBe("b");
        h.CarriedFor("a").ShouldBeEmpty();
        h.Shell.Units["b"].Revision.ShouldBe(h.Campaign.FromRevision);
    }
}

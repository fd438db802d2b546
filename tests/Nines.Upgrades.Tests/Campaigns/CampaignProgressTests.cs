using Nines.Upgrades.Campaigns;

namespace Nines.Upgrades.Tests.Campaigns;

public sealed class CampaignProgressTests
{
    [Fact]
    public void Of_CampaignUnderWay_CountsStepsAndEstimatesFromTheirDurations()
    {
        var h = CampaignHarness.Lab(Scenarios.Lab(Scenarios.PinA), Scenarios.Lab(Scenarios.PinB));
        var before = CampaignProgress.Of(h.Campaign);
        h.Run(c => c.Units.First(u => u.Unit == "b").IsDone, elapse: TimeSpan.FromSeconds(10));

        var progress = CampaignProgress.Of(h.Campaign);

        before.Percent.ShouldBe(0);
        before.Eta.ShouldBeNull();
        var b = h.Campaign.Units.First(u => u.Unit == "b");
        var a = h.Campaign.Units.First(u => u.Unit == "a");
        progress.StepsDone.ShouldBe(b.Steps.Count + a.StepIndex);
        progress.StepsTotal.ShouldBe(h.Campaign.Units.Sum(u => u.Steps.Count));
        progress.Percent.ShouldBe(progress.StepsDone * 100 / progress.StepsTotal);
        progress.UnitsDone.ShouldBe(1);
        progress.UnitsTotal.ShouldBe(6);
        progress.RollingBack.ShouldBeFalse();
        var finished = h.Campaign.Units.SelectMany(u => u.History).ToList();
        var mean = finished.Aggregate(TimeSpan.Zero, (sum, r) => sum + (r.EndedAt - r.StartedAt)) / finished.Count;
        progress.Eta.ShouldBe(mean * (progress.StepsTotal - progress.StepsDone));
        progress.Eta.ShouldNotBeNull().ShouldBeGreaterThan(TimeSpan.Zero);
    }

    [Fact]
    public void Of_RollingBack_IsTheRollbacksProgressAndEndsAtHundred()
    {
        var h = CampaignHarness.Lab(Scenarios.Lab(Scenarios.PinA), Scenarios.Lab(Scenarios.PinB));
        h.Shell.BadRevisions.Add(h.Campaign.ToRevision);
        h.Run(c => c.State == CampaignState.RollingBack);

        var rolling = CampaignProgress.Of(h.Campaign);
        h.Run();
        var done = CampaignProgress.Of(h.Campaign);

        rolling.RollingBack.ShouldBeTrue();
        rolling.UnitsTotal.ShouldBe(1);
        rolling.Percent.ShouldBeLessThan(100);
        rolling.CurrentUnits.ShouldBe(["b"]);
        done.State.ShouldBe(CampaignState.RolledBack);
        done.Percent.ShouldBe(100);
        done.Eta.ShouldBeNull();
    }
}

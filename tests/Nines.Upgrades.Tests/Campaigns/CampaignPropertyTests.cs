using FsCheck;
using FsCheck.Fluent;
using Nines.Upgrades.Campaigns;

namespace Nines.Upgrades.Tests.Campaigns;

/// <summary>
/// Random stories: the shell carries out actions late or not at all, restarts (losing what it queued and the reports
/// it held), refuses actions, the new revision may fail its health gate, the admin pauses, resumes and rolls back,
/// and the record goes through JSON at random points. Whatever happens: never more than max-unavailable units out of
/// service, never a group without a unit in service, never an active stopped or locked without a switchover first,
/// and a campaign that ends does so with every unit where its state says.
/// </summary>
public sealed class CampaignPropertyTests
{
    private static readonly Config _config = Config.QuickThrowOnFailure.WithMaxTest(150);

    private static readonly CampaignHarness _template = CampaignHarness.Lab(Scenarios.Lab(Scenarios.PinA), Scenarios.Lab(Scenarios.PinB), execute: false);

    internal sealed record Tick(int ApplyPercent, bool Restart, bool RoundTrip, int ElapseSeconds, CampaignCommand? Command, CampaignActionKind? Refuse);

    internal sealed record Story(int MaxUnavailable, bool BadRevision, bool Soak, Tick[] Ticks);

    private static Gen<Tick> Ticks =>
        from apply in Gen.Frequency((3, Gen.Constant(100)), (1, Gen.Choose(0, 100)))
        from restart in Gen.Frequency((19, Gen.Constant(false)), (1, Gen.Constant(true)))
        from roundTrip in Gen.Elements(false, true)
        from elapse in Gen.Frequency((6, Gen.Choose(0, 5)), (1, Gen.Choose(5, 400)))
        from command in Gen.Frequency(
            (40, Gen.Constant<CampaignCommand?>(null)),
            (1, Gen.Elements<CampaignCommand?>(CampaignCommand.Pause, CampaignCommand.Resume, CampaignCommand.Rollback, CampaignCommand.Commit, CampaignCommand.Execute)))
        from refuse in Gen.Frequency(
            (60, Gen.Constant<CampaignActionKind?>(null)),
            (1, Gen.Elements<CampaignActionKind?>(Enum.GetValues<CampaignActionKind>().Select(k => (CampaignActionKind?)k).ToArray())))
        select new Tick(apply, restart, roundTrip, elapse, command, refuse);

    private static Gen<Story> Stories =>
        from max in Gen.Choose(1, 3)
        from bad in Gen.Frequency((3, Gen.Constant(false)), (1, Gen.Constant(true)))
        from soak in Gen.Elements(false, true)
        from ticks in Gen.ArrayOf(Ticks, 300)
        select new Story(max, bad, soak, ticks);

    [Fact]
    public void Advance_AnyStory_KeepsRedundancyInvariantsAndEndsConsistently()
    {
        var endings = new Dictionary<CampaignState, int>();

        Check.One(_config, Prop.ForAll(Stories.ToArbitrary(), story =>
        {
            var end = Play(story);
            endings[end] = endings.GetValueOrDefault(end) + 1;
        }));

        // The stories reach every ending, so the invariants were checked on each path.
        endings.Keys.ShouldBe([CampaignState.Committed, CampaignState.Completed, CampaignState.RolledBack, CampaignState.Failed], ignoreOrder: true);
    }

    private static CampaignState Play(Story story)
    {
        var options = new CampaignOptions(MaxUnavailable: story.MaxUnavailable, AllowOutage: true,
            SoakTime: story.Soak ? TimeSpan.FromSeconds(20) : null, StepTimeout: TimeSpan.FromMinutes(2), RedundancyTimeout: TimeSpan.FromMinutes(4));
        var h = CampaignHarness.Lab(Scenarios.Lab(Scenarios.PinA), Scenarios.Lab(Scenarios.PinB), options);
        if (story.BadRevision)
        {
            h.Shell.BadRevisions.Add(h.Campaign.ToRevision);
        }

        var random = 0;
        foreach (var tick in story.Ticks)
        {
            h.Shell.Refused.Clear();
            if (tick.Refuse is { } refuse)
            {
                h.Shell.Refused.Add(refuse);
            }

            if (tick.Command is { } command)
            {
                h.Command(command);
            }

            h.Step(TimeSpan.FromSeconds(tick.ElapseSeconds));
            var again = CampaignEngine.Advance(h.Campaign, h.Shell.Observe(), h.Now);
            again.Actions.ShouldBeEmpty("advancing twice on the same observation issues nothing");
            again.Campaign.ShouldBe(h.Campaign);

            h.Apply(_ => random++ * 37 % 100 < tick.ApplyPercent);
            if (tick.Restart)
            {
                h.Shell.Restart();
            }

            if (tick.RoundTrip)
            {
                var stored = CampaignJson.Deserialize(CampaignJson.Serialize(h.Campaign));
                stored.ShouldBe(h.Campaign);
                h.Campaign = stored;
            }

            h.Shell.Violations.ShouldBeEmpty();
            h.Campaign.Units.Concat(h.Campaign.Rollback).Count(u => u.Held).ShouldBeLessThanOrEqualTo(story.MaxUnavailable);
        }

        // Let the story end: a well-behaved shell, the admin resuming what is paused.
        h.Shell.Refused.Clear();
        if (h.Campaign.State == CampaignState.Suspended)
        {
            h.Command(CampaignCommand.Resume);
        }

        h.Run(maxSteps: 2000, elapse: TimeSpan.FromSeconds(5));
        h.Shell.Violations.ShouldBeEmpty();
        var units = h.Shell.Units.Values;
        switch (h.Campaign.State)
        {
            case CampaignState.Completed or CampaignState.Committed:
                h.Campaign.Units.ShouldAllBe(u => u.IsDone);
                units.ShouldAllBe(u => u.Revision == h.Campaign.ToRevision && u.InService);
                break;
            case CampaignState.RolledBack:
                h.Campaign.Rollback.ShouldAllBe(u => u.IsDone);
                units.ShouldAllBe(u => u.Revision == h.Campaign.FromRevision && u.InService);

                break;
            case CampaignState.Failed:
                h.Campaign.FailedUnit.ShouldNotBeNull();
                h.Campaign.Failure.ShouldNotBeNullOrWhiteSpace();
                break;
            default:
                throw new ShouldAssertException($"a story ended in {h.Campaign.State}");
        }

        return h.Campaign.State;
    }
}

using Nines.Upgrades.Campaigns;

namespace Nines.Upgrades.Tests.Campaigns;

public sealed class CampaignCommandsTests
{
    private static readonly UpgradeCampaign _initial = CampaignHarness.Lab(Scenarios.Lab(Scenarios.PinA), Scenarios.Lab(Scenarios.PinB), execute: false).Campaign;

    /// <summary>Every state (suspended twice: from executing and from rolling back) with every command, and what it leads to (null: refused).</summary>
    public static TheoryData<CampaignState, CampaignState?, CampaignCommand, CampaignState?> Transitions => new()
    {
        { CampaignState.Initial, null, CampaignCommand.Execute, CampaignState.Executing },
        { CampaignState.Initial, null, CampaignCommand.Pause, null },
        { CampaignState.Initial, null, CampaignCommand.Resume, null },
        { CampaignState.Initial, null, CampaignCommand.Rollback, CampaignState.RolledBack },
        { CampaignState.Initial, null, CampaignCommand.Commit, null },
        { CampaignState.Executing, null, CampaignCommand.Execute, null },
        { CampaignState.Executing, null, CampaignCommand.Pause, CampaignState.Suspended },
        { CampaignState.Executing, null, CampaignCommand.Resume, null },
        { CampaignState.Executing, null, CampaignCommand.Rollback, CampaignState.RollingBack },
        { CampaignState.Executing, null, CampaignCommand.Commit, null },
        { CampaignState.Suspended, CampaignState.Executing, CampaignCommand.Execute, null },
        { CampaignState.Suspended, CampaignState.Executing, CampaignCommand.Pause, null },
        { CampaignState.Suspended, CampaignState.Executing, CampaignCommand.Resume, CampaignState.Executing },
        { CampaignState.Suspended, CampaignState.Executing, CampaignCommand.Rollback, CampaignState.RollingBack },
        { CampaignState.Suspended, CampaignState.Executing, CampaignCommand.Commit, null },
        { CampaignState.Suspended, CampaignState.RollingBack, CampaignCommand.Resume, CampaignState.RollingBack },
        { CampaignState.Suspended, CampaignState.RollingBack, CampaignCommand.Rollback, null },
        { CampaignState.Completed, null, CampaignCommand.Execute, null },
        { CampaignState.Completed, null, CampaignCommand.Pause, null },
        { CampaignState.Completed, null, CampaignCommand.Resume, null },
        { CampaignState.Completed, null, CampaignCommand.Rollback, CampaignState.RollingBack },
        { CampaignState.Completed, null, CampaignCommand.Commit, CampaignState.Committed },
        { CampaignState.Committed, null, CampaignCommand.Execute, null },
        { CampaignState.Committed, null, CampaignCommand.Pause, null },
        { CampaignState.Committed, null, CampaignCommand.Resume, null },
        { CampaignState.Committed, null, CampaignCommand.Rollback, null },
        { CampaignState.Committed, null, CampaignCommand.Commit, null },
        { CampaignState.RollingBack, null, CampaignCommand.Execute, null },
        { CampaignState.RollingBack, null, CampaignCommand.Pause, CampaignState.Suspended },
        { CampaignState.RollingBack, null, CampaignCommand.Resume, null },
        { CampaignState.RollingBack, null, CampaignCommand.Rollback, null },
        { CampaignState.RollingBack, null, CampaignCommand.Commit, null },
        { CampaignState.RolledBack, null, CampaignCommand.Execute, null },
        { CampaignState.RolledBack, null, CampaignCommand.Pause, null },
        { CampaignState.RolledBack, null, CampaignCommand.Resume, null },
        { CampaignState.RolledBack, null, CampaignCommand.Rollback, null },
        { CampaignState.RolledBack, null, CampaignCommand.Commit, null },
        { CampaignState.Failed, null, CampaignCommand.Execute, null },
        { CampaignState.Failed, null, CampaignCommand.Pause, null },
        { CampaignState.Failed, null, CampaignCommand.Resume, null },
        { CampaignState.Failed, null, CampaignCommand.Rollback, CampaignState.RollingBack },
        { CampaignState.Failed, null, CampaignCommand.Commit, null },
    };

    [Theory]
    [MemberData(nameof(Transitions))]
    public void Apply_EveryStateAndCommand_FollowsTheTransitionTable(CampaignState state, CampaignState? from, CampaignCommand command, CampaignState? expected)
    {
        var campaign = _initial with { State = state, SuspendedFrom = from };

        var result = CampaignCommands.Apply(campaign, command, CampaignHarness.Start);

        if (expected is null)
        {
            CampaignCommands.Refusal(campaign, command).ShouldNotBeNullOrWhiteSpace();
            result.Campaign.ShouldBe(campaign);
            result.Actions.ShouldBeEmpty();
            result.Events.ShouldHaveSingleItem().Kind.ShouldBe(CampaignEventKind.CommandRefused);
            result.Events[0].Message.ShouldContain(CampaignCommands.Refusal(campaign, command)!);
        }
        else
        {
            CampaignCommands.Refusal(campaign, command).ShouldBeNull();
            result.Campaign.State.ShouldBe(expected.Value);
            result.Events.ShouldContain(e => e.Kind == CampaignEventKind.StateChanged && e.State == expected.Value);
            result.Campaign.SuspendedFrom.ShouldBe(expected == CampaignState.Suspended ? state : null);
        }
    }

    [Theory]
    [InlineData(CampaignState.Completed, CampaignCommand.Execute, "the campaign is completed: only an initial campaign can be executed")]
    [InlineData(CampaignState.Committed, CampaignCommand.Rollback, "the campaign is committed: to return to revision")]
    [InlineData(CampaignState.Executing, CampaignCommand.Commit, "the campaign is executing: only a completed campaign can be committed")]
    [InlineData(CampaignState.RollingBack, CampaignCommand.Resume, "the campaign is rolling-back, not suspended")]
    [InlineData(CampaignState.Initial, CampaignCommand.Pause, "the campaign is initial: only an executing or rolling-back campaign can be paused")]
    public void Refusal_IllegalCommand_SaysWhy(CampaignState state, CampaignCommand command, string reason) =>
        CampaignCommands.Refusal(_initial with { State = state }, command)!.ShouldStartWith(reason);

    [Fact]
    public void Pause_WhileAUnitIsOut_FinishesThatUnitButStartsNoOther()
    {
        var h = CampaignHarness.Lab(Scenarios.Lab(Scenarios.PinA), Scenarios.Lab(Scenarios.PinB));
        h.Run(c => c.Units.First(u => u.Unit == "b").CurrentStep == CampaignStepKind.Start);

        h.Command(CampaignCommand.Pause).ShouldBeTrue();
        for (var i = 0; i < 30; i++)
        {
            h.Step();
            h.Apply();
        }

        h.Campaign.State.ShouldBe(CampaignState.Suspended);
        h.Campaign.Units.First(u => u.Unit == "b").IsDone.ShouldBeTrue();
        h.Campaign.Units.Where(u => u.Unit != "b").ShouldAllBe(u => u.IsPending);
        h.CarriedFor("a").ShouldBeEmpty();
        h.Shell.Units["b"].Locked.ShouldBeFalse();

        h.Command(CampaignCommand.Resume).ShouldBeTrue();
        h.Run();
        h.Campaign.State.ShouldBe(CampaignState.Completed);
        h.Shell.Violations.ShouldBeEmpty();
    }

    [Fact]
    public void Pause_UnitWaitingForRedundancy_ReleasesItToPending()
    {
        var h = CampaignHarness.Lab(Scenarios.Lab(Scenarios.PinA), Scenarios.Lab(Scenarios.PinB), new CampaignOptions(AllowOutage: true, MaxUnavailable: 2));
        h.Step();
        h.Campaign.Units.First(u => u.Unit == "a").Waiting.ShouldNotBeNull();

        h.Command(CampaignCommand.Pause).ShouldBeTrue();

        h.Campaign.Units.First(u => u.Unit == "a").IsPending.ShouldBeTrue();
    }

    [Fact]
    public void Commit_CompletedCampaign_IsCommittedAndFinal()
    {
        var h = CampaignHarness.Lab(Scenarios.Lab(Scenarios.PinA), Scenarios.Lab(Scenarios.PinB));
        h.Run();

        h.Command(CampaignCommand.Commit).ShouldBeTrue();

        h.Campaign.State.ShouldBe(CampaignState.Committed);
        h.Campaign.IsFinal.ShouldBeTrue();
        h.Campaign.EndedAt.ShouldBe(h.Now);
        h.Step().Actions.ShouldBeEmpty();
    }
}

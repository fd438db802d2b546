using Nines.Upgrades.Campaigns;

namespace Nines.Upgrades.Tests.Campaigns;

/// <summary>The shell stores the record after every advance and may restart at any point: the campaign continues where it was.</summary>
public sealed class CampaignResumeTests
{
    private static readonly CampaignActionKind[] _changing =
        [CampaignActionKind.Switchover, CampaignActionKind.Lock, CampaignActionKind.Unlock, CampaignActionKind.StopVm, CampaignActionKind.StartVm];

    private static CampaignHarness Upgrade() => CampaignHarness.Lab(Scenarios.Lab(Scenarios.PinA), Scenarios.Lab(Scenarios.PinB));

    private static int StepsOfAnUninterruptedRun()
    {
        var h = Upgrade();
        var steps = 0;
        h.Run(c => { steps++; return c.State == CampaignState.Completed; });
        return steps;
    }

    [Fact]
    public void Advance_ShellRestartsBeforeCarryingOutActions_EveryPersistedPointResumesAndReissuesOnce()
    {
        var reference = Upgrade();
        reference.Run();
        var expected = reference.Shell.Carried.Select(a => (a.Unit, a.Kind, a.Revision)).ToList();

        for (var point = 0; point < StepsOfAnUninterruptedRun(); point++)
        {
            var h = Upgrade();
            for (var i = 0; i < point; i++)
            {
                h.Step();
                h.Apply();
            }

            h.Step();
            // The controller dies after storing the record, before its actions ran: a new one reads the record back.
            h.Shell.Restart();
            h.Campaign = CampaignJson.Deserialize(CampaignJson.Serialize(h.Campaign));
            h.Run();

            h.Campaign.State.ShouldBe(CampaignState.Completed, $"point {point}");
            h.Shell.Violations.ShouldBeEmpty($"point {point}");
            h.Shell.Carried.Select(a => (a.Unit, a.Kind, a.Revision)).ToList().ShouldBe(expected, $"point {point}: each action carried out once, in the same order");
        }
    }

    [Fact]
    public void Advance_ShellRestartsAfterCarryingOutActions_EveryPersistedPointResumesWithoutRepeatingThem()
    {
        var reference = Upgrade();
        reference.Run();
        var expected = reference.Shell.Carried.Where(a => _changing.Contains(a.Kind)).Select(a => (a.Unit, a.Kind, a.Revision)).ToList();

        for (var point = 0; point < StepsOfAnUninterruptedRun(); point++)
        {
            var h = Upgrade();
            for (var i = 0; i <= point; i++)
            {
                h.Step();
                h.Apply();
            }

            // The actions ran but the controller died before it observed them: their effects are seen, not repeated.
            h.Shell.Restart();
            h.Campaign = CampaignJson.Deserialize(CampaignJson.Serialize(h.Campaign));
            h.Run();

            h.Campaign.State.ShouldBe(CampaignState.Completed, $"point {point}");
            h.Shell.Violations.ShouldBeEmpty($"point {point}");
            h.Shell.Carried.Where(a => _changing.Contains(a.Kind)).Select(a => (a.Unit, a.Kind, a.Revision)).ToList()
                .ShouldBe(expected, $"point {point}: no switchover, lock, stop, start or unlock repeated");
        }
    }

    [Fact]
    public void Advance_ReissuedAction_RecordsTheReissueAsAnEvent()
    {
        var h = Upgrade();
        var first = h.Step().Actions.ShouldHaveSingleItem();
        h.Shell.Restart();

        var again = h.Step().Actions.ShouldHaveSingleItem();

        again.Kind.ShouldBe(first.Kind);
        again.Id.ShouldNotBe(first.Id);
        h.Events.ShouldContain(e => e.Kind == CampaignEventKind.ActionReissued && e.Message.Contains(first.Id, StringComparison.Ordinal));
    }

    [Fact]
    public void Advance_HealthReportLostInShellRestart_RunsTheCheckAgain()
    {
        var h = Upgrade();
        h.Shell.BadRevisions.Add(h.Campaign.ToRevision);
        h.Run(c => c.Units.First(u => u.Unit == "b").Pending?.Kind == CampaignActionKind.RunHealthSequence);
        h.Apply();

        // The report arrives; then the shell restarts and loses it: the health sequence is run again, not assumed.
        h.Shell.Restart();
        var result = h.Step();

        result.Actions.ShouldHaveSingleItem().Kind.ShouldBe(CampaignActionKind.RunHealthSequence);
        h.Campaign.State.ShouldBe(CampaignState.Executing);
    }
}

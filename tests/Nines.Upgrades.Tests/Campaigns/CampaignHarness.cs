using Nines.Domain.Scenarios;
using Nines.Upgrades.Campaigns;

namespace Nines.Upgrades.Tests.Campaigns;

/// <summary>Drives a campaign against a <see cref="SimulatedShell"/> on a fake clock, as the real shell will.</summary>
internal sealed class CampaignHarness
{
    public static readonly DateTimeOffset Start = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    public CampaignHarness(UpgradeCampaign campaign, SimulatedShell shell)
    {
        Campaign = campaign;
        Shell = shell;
        Shell.MaxUnavailable = campaign.Options.MaxUnavailable;
    }

    public UpgradeCampaign Campaign { get; set; }

    public SimulatedShell Shell { get; }

    public DateTimeOffset Now { get; set; } = Start;

    public List<CampaignEvent> Events { get; } = [];

    /// <summary>The harness for the lab scenario's campaign from <paramref name="from"/> to <paramref name="to"/>, executing.</summary>
    public static CampaignHarness Lab(Scenario from, Scenario to, CampaignOptions? options = null, bool execute = true)
    {
        var plan = CampaignPlanner.Plan(new CampaignRequest("c1", "lab", from, to, options ?? new CampaignOptions(AllowOutage: true)), Start);
        plan.Diagnostics.ShouldBeEmpty();
        var campaign = plan.Campaign!;
        var shell = new SimulatedShell(
            campaign.FromRevision,
            ("pair", RedundancyModel.TwoN, ["a", "b"]),
            ("web", RedundancyModel.NWayActive, ["w1", "w2", "w3"])).Lone("lone", campaign.FromRevision);
        var harness = new CampaignHarness(campaign, shell);
        if (execute)
        {
            harness.Command(CampaignCommand.Execute).ShouldBeTrue();
        }

        return harness;
    }

    /// <summary>One advance after <paramref name="elapse"/> (1 s by default); its actions are queued in the shell.</summary>
    public CampaignAdvance Step(TimeSpan? elapse = null)
    {
        Now += elapse ?? TimeSpan.FromSeconds(1);
        var result = CampaignEngine.Advance(Campaign, Shell.Observe(), Now);
        Campaign = result.Campaign;
        Events.AddRange(result.Events);
        Shell.Enqueue(result.Actions);
        return result;
    }

    /// <summary>The shell carries out the queued actions the stored campaign still awaits (those <paramref name="pick"/> chooses).</summary>
    public void Apply(Func<CampaignAction, bool>? pick = null) => Shell.Apply(a => CampaignEngine.Awaits(Campaign, a.Id), pick);

    /// <summary>Applies a command; true when it was accepted.</summary>
    public bool Command(CampaignCommand command)
    {
        var refused = CampaignCommands.Refusal(Campaign, command) is not null;
        var result = CampaignCommands.Apply(Campaign, command, Now);
        Campaign = result.Campaign;
        Events.AddRange(result.Events);
        return !refused;
    }

    /// <summary>Advances and lets the shell carry out everything, until <paramref name="until"/> holds (or the campaign stops moving).</summary>
    public void Run(Func<UpgradeCampaign, bool>? until = null, int maxSteps = 500, TimeSpan? elapse = null)
    {
        until ??= c => c.State is not (CampaignState.Executing or CampaignState.RollingBack or CampaignState.Suspended);
        for (var i = 0; i < maxSteps && !until(Campaign); i++)
        {
            Step(elapse);
            Apply();
        }

        until(Campaign).ShouldBeTrue($"the campaign stopped at {Campaign.State}: {Campaign.Failure}");
    }

    /// <summary>The actions the shell carried out for <paramref name="unit"/>, as kind names.</summary>
    public List<string> CarriedFor(string unit) =>
        [.. Shell.Carried.Where(a => a.Unit == unit).Select(a => a.Kind + (a.Kind == CampaignActionKind.StartVm ? (a.Revision == Campaign.ToRevision ? "(new)" : "(old)") : string.Empty))];
}

namespace Nines.Upgrades.Campaigns;

/// <summary>
/// The admin's commands (pure): each either moves the campaign along a legal transition or is refused with the
/// reason, leaving the campaign as it was.
/// </summary>
/// <remarks>
/// Legal transitions: execute initial → executing; pause executing or rolling-back → suspended; resume suspended →
/// what it was; rollback executing, suspended (from executing), completed → rolling-back, failed → rolling-back
/// (retry), initial → rolled-back (nothing was touched); commit completed → committed. Nothing leaves committed or
/// rolled-back.
/// </remarks>
public static class CampaignCommands
{
    /// <summary>Why <paramref name="command"/> is refused in <paramref name="campaign"/>'s state, or null when it is legal.</summary>
    public static string? Refusal(UpgradeCampaign campaign, CampaignCommand command)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        var state = campaign.State;
        var name = CampaignNames.Of(state);
        return command switch
        {
            CampaignCommand.Execute when state != CampaignState.Initial => $"the campaign is {name}: only an initial campaign can be executed",
            CampaignCommand.Pause when state == CampaignState.Suspended => "the campaign is already suspended",
            CampaignCommand.Pause when state is not (CampaignState.Executing or CampaignState.RollingBack) =>
                $"the campaign is {name}: only an executing or rolling-back campaign can be paused",
            CampaignCommand.Resume when state != CampaignState.Suspended => $"the campaign is {name}, not suspended",
            CampaignCommand.Rollback when state == CampaignState.RollingBack => "the campaign is already rolling back",
            CampaignCommand.Rollback when state == CampaignState.Suspended && campaign.SuspendedFrom == CampaignState.RollingBack =>
                "the campaign is already rolling back (suspended): resume it",
            CampaignCommand.Rollback when state is CampaignState.Committed or CampaignState.RolledBack =>
                $"the campaign is {name}: to return to revision {campaign.FromRevision}, start a new campaign to it",
            CampaignCommand.Commit when state != CampaignState.Completed => $"the campaign is {name}: only a completed campaign can be committed",
            _ => null,
        };
    }

    /// <summary>
    /// Applies <paramref name="command"/> at <paramref name="now"/>. A refused command returns the campaign unchanged
    /// with one <see cref="CampaignEventKind.CommandRefused"/> event; check <see cref="Refusal"/> first to answer 409.
    /// </summary>
    public static CampaignAdvance Apply(UpgradeCampaign campaign, CampaignCommand command, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        var run = new CampaignRun(campaign, observed: null, now);
        if (Refusal(campaign, command) is { } refusal)
        {
            run.Event(CampaignEventKind.CommandRefused, null, null, $"{CampaignNames.Of(command)} refused: {refusal}");
            return run.Result() with { Campaign = campaign };
        }

        switch (command)
        {
            case CampaignCommand.Execute:
                run.StartedAt = now;
                run.ChangeState(CampaignState.Executing, $"upgrading {campaign.Deployment} from {campaign.FromRevision} to {campaign.ToRevision}");
                break;
            case CampaignCommand.Pause:
                run.ReleaseWaiting();
                run.ChangeState(CampaignState.Suspended, "paused by the admin: units already out of service finish their steps", suspendedFrom: campaign.State);
                break;
            case CampaignCommand.Resume:
                run.ChangeState(campaign.SuspendedFrom ?? CampaignState.Executing, "resumed by the admin");
                break;
            case CampaignCommand.Rollback when campaign.State == CampaignState.Failed:
                run.RetryRollback();
                break;
            case CampaignCommand.Rollback when campaign.State == CampaignState.Initial:
                run.ChangeState(CampaignState.RolledBack, "rolled back before it started: nothing was touched");
                break;
            case CampaignCommand.Rollback:
                run.BeginRollback("rollback requested by the admin");
                break;
            default:
                run.ChangeState(CampaignState.Committed, $"committed: {campaign.Deployment} runs revision {campaign.ToRevision}");
                break;
        }

        return run.Result();
    }
}

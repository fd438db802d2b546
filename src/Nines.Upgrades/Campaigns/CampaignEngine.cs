namespace Nines.Upgrades.Campaigns;

/// <summary>
/// The campaign's step function (pure): the stored record, what the shell observes and the time in; the next record,
/// the actions to carry out and the events out. Call it on every observation change and on a timer; calling it again
/// with the same input changes nothing and issues nothing (an unconfirmed action is re-issued only when the shell
/// session changed and its effect is still not observed).
/// </summary>
public static class CampaignEngine
{
    /// <summary>One step of <paramref name="campaign"/>: every unit goes as far as <paramref name="observed"/> allows at <paramref name="now"/>.</summary>
    public static CampaignAdvance Advance(UpgradeCampaign campaign, CampaignObservation observed, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        ArgumentNullException.ThrowIfNull(observed);
        var direction = campaign.State == CampaignState.Suspended ? campaign.SuspendedFrom : campaign.State;
        if (direction is not (CampaignState.Executing or CampaignState.RollingBack))
        {
            return new CampaignAdvance(campaign, [], []);
        }

        var run = new CampaignRun(campaign, observed, now);
        if (direction == CampaignState.Executing)
        {
            run.AdvanceForward();
        }

        if (run.State is CampaignState.RollingBack || (run.State is CampaignState.Suspended && run.SuspendedFrom is CampaignState.RollingBack))
        {
            run.AdvanceRollback();
        }

        return run.Result();
    }

    /// <summary>
    /// Whether <paramref name="campaign"/> still waits for action <paramref name="actionId"/>. The shell checks this on
    /// the stored record right before carrying an action out, and drops an action the campaign no longer waits for
    /// (its step timed out, failed or was rolled back): carried out late, it would change a unit behind the campaign's back.
    /// </summary>
    public static bool Awaits(UpgradeCampaign campaign, string actionId)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        return campaign.Units.Concat(campaign.Rollback).Any(t => t.Pending?.Id == actionId);
    }
}

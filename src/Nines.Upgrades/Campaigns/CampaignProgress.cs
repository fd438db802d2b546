namespace Nines.Upgrades.Campaigns;

/// <summary>
/// How far a campaign is, for the operation, the CLI's bars and the event stream. While rolling back (and after),
/// it is the rollback's progress.
/// </summary>
/// <param name="Percent">Steps done of all planned steps, 0–100 (100 once completed, committed or rolled back).</param>
/// <param name="Eta">Mean duration of the steps done so far × the steps left; null before any step finished or when over.</param>
/// <param name="CurrentUnits">The units with a step running now.</param>
public sealed record CampaignProgress(
    CampaignState State,
    bool RollingBack,
    int Percent,
    int StepsDone,
    int StepsTotal,
    int UnitsDone,
    int UnitsTotal,
    TimeSpan? Eta,
    Nines.Domain.ValueList<string> CurrentUnits)
{
    /// <summary>The progress of <paramref name="campaign"/>.</summary>
    public static CampaignProgress Of(UpgradeCampaign campaign)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        var rollingBack = !campaign.Rollback.IsEmpty
            || campaign.State == CampaignState.RolledBack;
        var tasks = (rollingBack ? campaign.Rollback : campaign.Units).ToList();
        var total = tasks.Sum(t => t.Steps.Count);
        var done = tasks.Sum(t => Math.Min(t.StepIndex, t.Steps.Count));
        var over = campaign.State is CampaignState.Completed or CampaignState.Committed or CampaignState.RolledBack;
        var percent = over || total == 0 ? 100 : done * 100 / total;
        var finished = tasks.SelectMany(t => t.History).ToList();
        TimeSpan? eta = null;
        if (!over && campaign.State != CampaignState.Failed && finished.Count > 0)
        {
            var mean = finished.Aggregate(TimeSpan.Zero, (sum, step) => sum + (step.EndedAt - step.StartedAt)) / finished.Count;
            eta = mean * (total - done);
        }

        return new CampaignProgress(
            campaign.State,
            rollingBack,
            percent,
            done,
            total,
            tasks.Count(t => t.IsDone),
            tasks.Count,
            eta,
            [.. tasks.Where(t => !t.IsDone && t.BeganAt is not null).Select(t => t.Unit)]);
    }
}

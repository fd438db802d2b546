namespace Nines.Upgrades.Campaigns;

/// <summary>
/// One event of a campaign: every state change, every step transition and every action. The shell appends them
/// to the deployment's event stream.
/// </summary>
/// <param name="State">The campaign's state after the event.</param>
/// <param name="Unit">The unit concerned, or null for the campaign as a whole.</param>
/// <param name="Step">The step concerned, or null.</param>
public sealed record CampaignEvent(
    DateTimeOffset At,
    string Campaign,
    CampaignEventKind Kind,
    CampaignState State,
    string? Unit,
    CampaignStepKind? Step,
    string Message);

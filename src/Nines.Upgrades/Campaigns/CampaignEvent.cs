namespace Nines.Upgrades.Campaigns;

/// <summary>What a campaign event records.</summary>
public enum CampaignEventKind
{
    /// <summary>The campaign changed state (the message says why).</summary>
    StateChanged,

    /// <summary>A unit's step began.</summary>
    StepStarted,

    /// <summary>A unit's step passed (its action confirmed, its gate met).</summary>
    StepCompleted,

    /// <summary>A unit's step had nothing to do.</summary>
    StepSkipped,

    /// <summary>A unit's step failed.</summary>
    StepFailed,

    /// <summary>An action was issued to the shell.</summary>
    ActionIssued,

    /// <summary>An unconfirmed action was issued again: the shell session changed and its effect is not observed.</summary>
    ActionReissued,

    /// <summary>A unit waits (redundancy does not allow it yet, or an active unit has not switched over); reported once per reason.</summary>
    UnitWaiting,

    /// <summary>A unit finished all its steps.</summary>
    UnitCompleted,

    /// <summary>An admin command was refused (the message says why).</summary>
    CommandRefused,
}

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

/// <summary>What one <see cref="CampaignEngine.Advance"/> or command returns: the new record, the actions to carry out, the events.</summary>
public sealed record CampaignAdvance(UpgradeCampaign Campaign, Nines.Domain.ValueList<CampaignAction> Actions, Nines.Domain.ValueList<CampaignEvent> Events);

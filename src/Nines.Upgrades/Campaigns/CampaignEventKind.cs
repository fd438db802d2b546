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

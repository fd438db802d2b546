namespace Nines.Upgrades.Campaigns;

/// <summary>The admin's commands on a campaign (SMF's administrative operations).</summary>
public enum CampaignCommand
{
    /// <summary>Start an initial campaign.</summary>
    Execute,

    /// <summary>Suspend an executing or rolling-back campaign.</summary>
    Pause,

    /// <summary>Continue a suspended campaign where it was (executing or rolling back).</summary>
    Resume,

    /// <summary>Return the touched units to the old revision (also retries a failed rollback).</summary>
    Rollback,

    /// <summary>Accept a completed campaign.</summary>
    Commit,
}

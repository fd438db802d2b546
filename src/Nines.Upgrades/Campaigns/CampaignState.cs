namespace Nines.Upgrades.Campaigns;

/// <summary>
/// The states of an upgrade campaign, after SA Forum SMF's campaign states (folded: SMF's "suspending" and
/// "error detected" states are transient here, decided within one <see cref="CampaignEngine.Advance"/>).
/// </summary>
public enum CampaignState
{
    /// <summary>Planned, nothing done yet; <see cref="CampaignCommand.Execute"/> starts it.</summary>
    Initial,

    /// <summary>Upgrading units, procedure by procedure.</summary>
    Executing,

    /// <summary>Paused by the admin: no unit starts its steps; units already out of service finish theirs (see <see cref="UpgradeCampaign.SuspendedFrom"/>).</summary>
    Suspended,

    /// <summary>Every unit runs the new revision and passed its health gate; waits for commit (or a rollback).</summary>
    Completed,

    /// <summary>Committed: the new revision is the deployment's; final.</summary>
    Committed,

    /// <summary>Returning the units already touched to the old revision, in reverse order (after a failed gate or a rollback command).</summary>
    RollingBack,

    /// <summary>Every touched unit runs the old revision again; final.</summary>
    RolledBack,

    /// <summary>A rollback step failed; <see cref="UpgradeCampaign.FailedUnit"/> and <see cref="UpgradeCampaign.Failure"/> say where and why. A rollback command retries it.</summary>
    Failed,
}

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

/// <summary>The steps of one unit's upgrade (or rollback), in the order they run; a unit's plan holds the ones that apply to it.</summary>
public enum CampaignStepKind
{
    /// <summary>Wait until redundancy allows taking the unit out: max-unavailable, another unit in service, a standby in service for an active.</summary>
    CheckRedundancy,

    /// <summary>An active unit hands its work to a standby; done once it is no longer active nor quiescing (quiesce confirmed).</summary>
    Switchover,

    /// <summary>The unit is locked: out of service, no assignments, its failures not recovered.</summary>
    Lock,

    /// <summary>The VM at the old revision is stopped.</summary>
    Stop,

    /// <summary>The VM is started at the target revision.</summary>
    Start,

    /// <summary>Health gate: the guest agent answers.</summary>
    GuestAgent,

    /// <summary>Health gate: the scenario's health sequence passes in the unit.</summary>
    HealthSequence,

    /// <summary>The unit is unlocked, so it can take assignments again.</summary>
    Unlock,

    /// <summary>Health gate: the unit is back in service with an assignment (standby, or active in N-way-active).</summary>
    ReachStandby,

    /// <summary>Health gate: the unit's KPIs are within the campaign's thresholds.</summary>
    Kpis,

    /// <summary>Health gate: the unit stays healthy for the soak time.</summary>
    Soak,
}

namespace Nines.Upgrades.Campaigns;

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

namespace Nines.Upgrades.Campaigns;

/// <summary>What the shell is asked to do for a campaign step.</summary>
public enum CampaignActionKind
{
    /// <summary>Switch the unit's active assignments over to a standby (the availability manager's switchover; the service confirms its quiesce).</summary>
    Switchover,

    /// <summary>Lock the unit: out of service, no assignments, no recovery.</summary>
    Lock,

    /// <summary>Unlock the unit, so it gets an assignment again.</summary>
    Unlock,

    /// <summary>Stop the unit's VM (graceful, then forced).</summary>
    StopVm,

    /// <summary>Start the unit's VM as the scenario at <see cref="CampaignAction.Revision"/> defines it (re-creating it when its definition changed).</summary>
    StartVm,

    /// <summary>Run the command sequence <see cref="CampaignAction.Detail"/> in the unit and report whether it passed.</summary>
    RunHealthSequence,

    /// <summary>Sample the unit's KPIs, compare them with the campaign's thresholds and report whether they are met.</summary>
    CheckKpis,
}

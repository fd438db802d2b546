namespace Nines.Upgrades.Campaigns;

/// <summary>How a step ended.</summary>
public enum CampaignStepOutcome
{
    /// <summary>Its action was confirmed or its gate passed.</summary>
    Passed,

    /// <summary>Nothing to do: what it establishes already held when it began.</summary>
    Skipped,

    /// <summary>It failed (action failed, gate failed, timed out).</summary>
    Failed,
}

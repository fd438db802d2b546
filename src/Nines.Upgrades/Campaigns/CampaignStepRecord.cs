namespace Nines.Upgrades.Campaigns;

/// <summary>One finished step of a unit: when it ran and how it ended.</summary>
public sealed record CampaignStepRecord(string TargetRevision, CampaignStepKind Step, DateTimeOffset StartedAt, DateTimeOffset EndedAt, CampaignStepOutcome Outcome, string? Detail = null);

namespace Nines.Upgrades.Campaigns;

/// <summary>What one <see cref="CampaignEngine.Advance"/> or command returns: the new record, the actions to carry out, the events.</summary>
public sealed record CampaignAdvance(UpgradeCampaign Campaign, Nines.Domain.ValueList<CampaignAction> Actions, Nines.Domain.ValueList<CampaignEvent> Events);

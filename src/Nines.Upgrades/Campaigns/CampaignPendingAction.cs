namespace Nines.Upgrades.Campaigns;

/// <summary>An action issued for a unit's step: confirmed by what the shell observes, or by its report.</summary>
/// <param name="Session">The shell session it was issued to; a different session means it may never have run.</param>
public sealed record CampaignPendingAction(string Id, CampaignActionKind Kind, DateTimeOffset IssuedAt, string Session);

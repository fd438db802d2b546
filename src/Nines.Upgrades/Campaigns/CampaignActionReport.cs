namespace Nines.Upgrades.Campaigns;

/// <summary>The result of an action the shell carried out (or could not).</summary>
/// <param name="Detail">What went wrong (or the health sequence's output), shown in the failure reason.</param>
public sealed record CampaignActionReport(string ActionId, bool Succeeded, string? Detail = null);

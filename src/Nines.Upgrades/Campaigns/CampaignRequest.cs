using Nines.Domain.Scenarios;

namespace Nines.Upgrades.Campaigns;

/// <summary>What the shell asks a campaign for: the deployment, the revision it runs and the one it should run.</summary>
/// <param name="Id">The campaign's id, chosen by the shell (unique per deployment).</param>
/// <param name="From">The scenario the deployment runs now.</param>
/// <param name="To">The scenario to upgrade to.</param>
public sealed record CampaignRequest(string Id, string Deployment, Scenario From, Scenario To, CampaignOptions? Options = null);

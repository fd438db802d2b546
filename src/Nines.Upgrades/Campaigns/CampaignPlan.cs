using System.Text.Json.Serialization;
using Nines.Domain;
using Nines.Domain.Diagnostics;
using Nines.Upgrades.Diff;

namespace Nines.Upgrades.Campaigns;

/// <summary>The planned campaign (in state initial), or every reason it cannot be planned; with the diff it is built from.</summary>
public sealed record CampaignPlan(UpgradeCampaign? Campaign, ScenarioDiff Diff, ValueList<Diagnostic> Diagnostics)
{
    /// <summary>A campaign was planned.</summary>
    [JsonIgnore]
    public bool Succeeded => Campaign is not null;
}

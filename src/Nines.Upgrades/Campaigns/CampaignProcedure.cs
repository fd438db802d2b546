using System.Text.Json.Serialization;
using Nines.Domain;
using Nines.Domain.Scenarios;

namespace Nines.Upgrades.Campaigns;

/// <summary>
/// One procedure of a campaign: the changed members of one redundancy group, or (with allow-outage) the changed VMs
/// no redundancy protects. Procedures run one after another, in the scenario's group order, the outage one last.
/// </summary>
/// <param name="Name">The group's name, or <see cref="OutageProcedure"/>.</param>
/// <param name="Model">The group's redundancy model; <see cref="RedundancyModel.None"/> for the outage procedure.</param>
/// <param name="Members">Every member of the group (changed or not: all count for redundancy); for the outage procedure its units.</param>
/// <param name="MinInService">How many other members must stay in service while one is out (N for N+M, else 1; 0 for outage).</param>
/// <param name="Units">The units to upgrade, in plan order, each with its progress.</param>
public sealed record CampaignProcedure(
    string Name,
    RedundancyModel Model,
    ValueList<string> Members,
    int MinInService,
    ValueList<CampaignUnit> Units)
{
    /// <summary>The name of the procedure that restarts unprotected VMs (allow-outage).</summary>
    public const string OutageProcedure = "(outage)";

    /// <summary>The procedure's units are protected by redundancy (switchover, lock, standby checks).</summary>
    [JsonIgnore]
    public bool IsProtected => Model != RedundancyModel.None;
}

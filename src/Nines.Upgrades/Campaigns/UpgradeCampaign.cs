using System.Text.Json.Serialization;
using Nines.Domain;

namespace Nines.Upgrades.Campaigns;

/// <summary>
/// An in-service upgrade of one deployment from one scenario revision to another, after SA Forum SMF's campaign:
/// procedures per redundancy group, per-unit steps, health gates, automatic rollback. Plain, JSON-serializable data
/// (<see cref="CampaignJson"/>): the shell stores it after every <see cref="CampaignEngine.Advance"/> and command,
/// and continues from the stored record after a restart or failover.
/// </summary>
/// <param name="Id">The campaign's id (also the prefix of its action ids).</param>
/// <param name="Deployment">The deployment it upgrades (the shell's name for it).</param>
/// <param name="FromRevision">The digest of the revision the units run before (<see cref="Revisions.ScenarioDigest"/>).</param>
/// <param name="ToRevision">The digest of the revision they are upgraded to.</param>
/// <param name="State">Where the campaign is.</param>
/// <param name="SuspendedFrom">While <see cref="CampaignState.Suspended"/>: what resume returns to (executing or rolling back).</param>
/// <param name="Procedures">The forward plan, in order, with each unit's progress.</param>
/// <param name="Rollback">The rollback tasks (reverse order of the upgrade), empty unless rolling back or done so.</param>
/// <param name="NextAction">The number of the next action id (<c>Id-n</c>): ids are never reused.</param>
/// <param name="Failure">Why the campaign rolled back or failed (the first failure), or null.</param>
/// <param name="FailedUnit">The unit whose rollback failed (state <see cref="CampaignState.Failed"/>), or null.</param>
public sealed record UpgradeCampaign(
    string Id,
    string Deployment,
    string FromRevision,
    string ToRevision,
    CampaignOptions Options,
    CampaignState State,
    ValueList<CampaignProcedure> Procedures,
    DateTimeOffset CreatedAt,
    CampaignState? SuspendedFrom = null,
    ValueList<CampaignUnit> Rollback = default,
    long NextAction = 1,
    DateTimeOffset? StartedAt = null,
    DateTimeOffset? EndedAt = null,
    string? Failure = null,
    string? FailedUnit = null)
{
    /// <summary>Every forward task, procedure by procedure.</summary>
    [JsonIgnore]
    public IEnumerable<CampaignUnit> Units => Procedures.SelectMany(p => p.Units);

    /// <summary>No command or observation changes the campaign any more (committed or rolled back).</summary>
    [JsonIgnore]
    public bool IsFinal => State is CampaignState.Committed or CampaignState.RolledBack;
}

using System.Text.Json.Serialization;
using Nines.Domain;

namespace Nines.Upgrades.Campaigns;

/// <summary>
/// One unit's upgrade (or rollback) within a campaign: its planned steps and how far it got. Plain data: the shell
/// stores it with the campaign, and <see cref="CampaignEngine.Advance"/> continues from it after any restart.
/// </summary>
/// <param name="Unit">The VM's name in the scenario.</param>
/// <param name="Procedure">The procedure (group) it belongs to.</param>
/// <param name="TargetRevision">The revision this task brings the unit to.</param>
/// <param name="Steps">The steps that apply to it, in order.</param>
/// <param name="RollbackSteps">The steps its rollback would run (the old revision's health sequence may differ).</param>
/// <param name="StepIndex">The current step; <c>Steps.Count</c> when done.</param>
/// <param name="BeganAt">When the task began (its first step), null while pending.</param>
/// <param name="StepStartedAt">When the current step began.</param>
/// <param name="Pending">The action issued for the current step and not yet confirmed.</param>
/// <param name="Held">The campaign holds the unit out of service: from the redundancy check passing until the task is done.</param>
/// <param name="Waiting">Why the current step waits (reported once per reason).</param>
/// <param name="Failure">Why the task failed, or null.</param>
/// <param name="History">Every finished step with its times (progress, ETA, and the record of what happened).</param>
public sealed record CampaignUnit(
    string Unit,
    string Procedure,
    string TargetRevision,
    ValueList<CampaignStepKind> Steps,
    ValueList<CampaignStepKind> RollbackSteps = default,
    int StepIndex = 0,
    DateTimeOffset? BeganAt = null,
    DateTimeOffset? StepStartedAt = null,
    CampaignPendingAction? Pending = null,
    bool Held = false,
    string? Waiting = null,
    string? Failure = null,
    ValueList<CampaignStepRecord> History = default)
{
    /// <summary>Every step ran.</summary>
    [JsonIgnore]
    public bool IsDone => StepIndex >= Steps.Count;

    /// <summary>The task has not begun.</summary>
    [JsonIgnore]
    public bool IsPending => BeganAt is null && !IsDone;

    /// <summary>The step running now, or null when done.</summary>
    [JsonIgnore]
    public CampaignStepKind? CurrentStep => IsDone ? null : Steps[StepIndex];
}

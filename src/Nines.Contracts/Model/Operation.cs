namespace Nines.Contracts.Model;

/// <summary>
/// A long-running piece of work the API hands out, at <c>/nines/operations/&lt;id&gt;</c>: its state, per-VM progress,
/// the error that ended it, and when things happened.
/// </summary>
/// <param name="Generation">The spec generation a deploy or undeploy works towards.</param>
/// <param name="Vms">VM name → its progress.</param>
public sealed record Operation(
    string Id,
    OperationKind Kind,
    string Tenant,
    string Deployment,
    long Generation,
    OperationState State,
    IReadOnlyDictionary<string, VmProgress> Vms,
    string? Error,
    DateTimeOffset StartedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? FinishedAt,
    MigrationRecord? Migration = null,
    HostUpgradeRecord? HostUpgrade = null)
{
    /// <summary>True for COMPLETED, FAILED and ROLLED_BACK.</summary>
    public bool IsFinished => State is OperationState.COMPLETED or OperationState.FAILED or OperationState.ROLLED_BACK;
}

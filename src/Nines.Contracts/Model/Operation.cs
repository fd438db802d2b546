namespace Nines.Contracts.Model;

/// <summary>What an operation does.</summary>
public enum OperationKind
{
    Deploy,
    Undeploy,
    Exec,
    VmOp,

    /// <summary>A live migration of one VM to another host (<see cref="Operation.Migration"/> holds its progress).</summary>
    Migrate,

    /// <summary>A hypervisor upgrade of hosts, one batch at a time (<see cref="Operation.HostUpgrade"/> holds each host's step).</summary>
    HostUpgrade,
}

/// <summary>ETSI NFV-style operation states (SOL003 <c>LcmOperationStateType</c>).</summary>
public enum OperationState
{
    STARTING,
    PROCESSING,
    COMPLETED,
    FAILED,
    ROLLED_BACK,
}

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

/// <summary>One VM's progress in an operation: the step it reached and a percentage for progress bars.</summary>
/// <param name="Host">The host the VM is on (deploys, once its host has reported it); null before that and for other operations.</param>
public sealed record VmProgress(string Step, int Percent, string? Error = null, string? Host = null);

/// <summary>A live migration's progress on its operation: bytes, dirty rate, ETA, the downtime limit in force and, at the end, the downtime.</summary>
/// <param name="Status">The hypervisor's word (<c>preparing</c> before the stream starts, then <c>setup</c>, <c>active</c>, <c>completed</c>…).</param>
/// <param name="EtaSeconds">Estimated seconds left, null while unknown (the guest dirties memory as fast as it is sent).</param>
public sealed record MigrationRecord(
    string Vm,
    string From,
    string To,
    string Status,
    long TransferredBytes = 0,
    long RemainingBytes = 0,
    long TotalBytes = 0,
    long DirtyBytesPerSecond = 0,
    double? EtaSeconds = null,
    int DowntimeLimitMilliseconds = 0,
    int ThrottlePercent = 0,
    double? DowntimeMilliseconds = null,
    double? TotalMilliseconds = null);

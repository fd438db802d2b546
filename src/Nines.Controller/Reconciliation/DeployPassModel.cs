using Nines.Contracts.Agents;
using Nines.Contracts.Errors;
using Nines.Contracts.Model;
using Nines.Controller.Repositories;

namespace Nines.Controller.Reconciliation;

/// <summary>What a deploy pass is asked to converge to (<see cref="DeployPass.Compute"/>).</summary>
/// <param name="Deployment">The deployment the pass is for.</param>
/// <param name="Stored">The spec as stored (with its committed plan and revision), or null when it is gone.</param>
/// <param name="Operation">The operation of the spec's generation; null only when the spec is gone or failed at this generation.</param>
internal sealed record DeployDesired(DeploymentRef Deployment, StoredDeployment? Stored, Operation? Operation);

/// <summary>What the controller sees when a deploy pass begins (<see cref="DeployPass.Compute"/>).</summary>
/// <param name="Hosts">The registered hosts, in the registry's order (read again once the plan's hosts have answered).</param>
/// <param name="Drained">The hosts with a drain mark (never in a new plan).</param>
/// <param name="Status">The status recorded before this pass (only the reconciler writes it).</param>
/// <param name="HostFailures">The host failures declared so far, by store key.</param>
/// <param name="FencingContracts">The fencing contract of each plan host that is not registered, when it wrote one.</param>
/// <param name="LastSeen">When this controller last saw each plan host that is not registered alive, when it did.</param>
internal sealed record DeployObserved(
    IReadOnlyList<HostRecord> Hosts,
    IReadOnlySet<string> Drained,
    DeploymentStatus? Status,
    IReadOnlyDictionary<string, HostFailure> HostFailures,
    IReadOnlyDictionary<string, HostFencingContract> FencingContracts,
    IReadOnlyDictionary<string, DateTimeOffset> LastSeen)
{
    /// <summary>What this pass's converge calls brought back; null until the pass has converged the plan's hosts.</summary>
    public ConvergeReport? Converged { get; init; }

    /// <summary>Nothing but the registered hosts (a deployment whose spec is gone).</summary>
    public static DeployObserved OnlyHosts(IReadOnlyList<HostRecord> hosts) =>
        new(hosts, new HashSet<string>(StringComparer.Ordinal), null, new Dictionary<string, HostFailure>(), new Dictionary<string, HostFencingContract>(), new Dictionary<string, DateTimeOffset>());
}

/// <summary>What the converge calls of a pass brought back, and what the store says after them.</summary>
/// <param name="Reports">Each converged host's answer, in the order of the calls.</param>
/// <param name="CurrentRevision">The spec's revision read after the calls (null: the spec is gone).</param>
/// <param name="HostsWithRecords">The registered hosts outside the plan that still hold an observed record of one of its VMs.</param>
internal sealed record ConvergeReport(IReadOnlyList<HostReport> Reports, long? CurrentRevision, IReadOnlySet<string> HostsWithRecords);

/// <summary>One host's answer to a converge call.</summary>
internal sealed record HostReport(string Host, HostDeploymentObservation Observation);

/// <summary>
/// What a deploy pass does, in order, and how it ends: <see cref="Result"/> (requeue or done), <see cref="Failure"/> (thrown
/// once the steps are applied), or neither: compute again with what the steps brought (the plan committed, the agents'
/// answers). A step that loses its compare-on-revision (<see cref="CommitPlan"/>, <see cref="RemoveDeployment"/>) ends
/// the pass with a requeue at once.
/// </summary>
internal sealed record DeployActions(IReadOnlyList<DeployAction> Steps)
{
    public ReconcileResult? Result { get; init; }

    public DeployFailure? Failure { get; init; }

    /// <summary>The pass must run <see cref="DeployPass.Compute"/> again once the steps are applied.</summary>
    public bool ComputeAgain => Result is null && Failure is null;

    public static DeployActions Done(IReadOnlyList<DeployAction> steps) => new(steps) { Result = ReconcileResult.Done };

    public static DeployActions Requeue(IReadOnlyList<DeployAction> steps, TimeSpan after) => new(steps) { Result = ReconcileResult.Requeue(after) };

    public static DeployActions Fail(IReadOnlyList<DeployAction> steps, DeployFailure failure) => new(steps) { Failure = failure };
}

/// <summary>One step of a deploy pass; the closed set below.</summary>
internal abstract record DeployAction;

/// <summary>Commit <paramref name="Plan"/> on the spec's revision; when it wins, append <paramref name="Events"/>.</summary>
internal sealed record CommitPlan(CommittedPlan Plan, IReadOnlyList<PlannedEvent> Events) : DeployAction;

/// <summary>Remove the deployment from each of <paramref name="Hosts"/> (all at once) and forget their observed records of it.</summary>
internal sealed record ClearHosts(IReadOnlyList<string> Hosts) : DeployAction;

/// <summary>Give each host its desired set (all at once) and keep the answers for the next <see cref="DeployPass.Compute"/>.</summary>
internal sealed record ConvergeHosts(IReadOnlyList<HostDesiredSet> Sets) : DeployAction;

/// <summary>What one host must run of a deployment (the set carries the plan revision it was built from).</summary>
internal sealed record HostDesiredSet(string Host, HostDeploymentDesired Desired);

/// <summary>Write a host failure record.</summary>
internal sealed record RecordHostFailure(HostFailure Failure) : DeployAction;

/// <summary>Delete the host failure record at <paramref name="Key"/> (its host registered again).</summary>
internal sealed record ForgetHostFailure(string Key) : DeployAction;

/// <summary>Append an event.</summary>
internal sealed record EmitEvent(PlannedEvent Event) : DeployAction;

/// <summary>Write one VM's observed record.</summary>
internal sealed record WriteVm(VmObserved Vm) : DeployAction;

/// <summary>Write the deployment's status.</summary>
internal sealed record WriteStatus(DeploymentStatus Status) : DeployAction;

/// <summary>Write the operation's progress.</summary>
internal sealed record WriteOperation(Operation Operation) : DeployAction;

/// <summary>Delete spec and status and write <paramref name="Completed"/> in one transaction; when it wins, append <paramref name="Removed"/>.</summary>
internal sealed record RemoveDeployment(Operation Completed, PlannedEvent Removed) : DeployAction;

/// <summary>An event to append to the log.</summary>
internal sealed record PlannedEvent(EventSeverity Severity, string Kind, string Subject, string? Reason, string Message);

/// <summary>Why a pass fails: terminal (with a condition reason) or transient (retried with backoff).</summary>
internal sealed record DeployFailure(bool Terminal, string? Reason, string Message)
{
    public static DeployFailure Transient(string message) => new(false, null, message);

    public static DeployFailure Permanent(string reason, string message) => new(true, reason, message);

    public Exception ToException() => Terminal
        ? new TerminalDeploymentException(Message) { Reason = Reason! }
        : new TransientDeploymentException(Message);
}

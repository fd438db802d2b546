using Nines.Contracts.Model;
using Nines.Controller.Repositories;

namespace Nines.Controller.Reconciliation;

/// <summary>
/// The decisions of one deploy pass as one pure function, like Nomad's reconciler <c>Compute</c>: the spec (desired),
/// what the controller sees (observed) and the time in, the steps to apply and how the pass ends out; no store, no
/// agent, no clock. <see cref="DeploymentReconciler"/> reads the inputs, calls <see cref="Compute"/> and applies the
/// steps in order. A pass that plans or converges computes again with what that brought (the committed plan, the
/// agents' answers), so the hosts are judged on what they answered in the same pass.
/// </summary>
internal sealed partial class DeployPass
{
    private readonly ReconcilerOptions _options;

    public DeployPass(ReconcilerOptions options) => _options = options;

    /// <summary>A spec that failed terminally at its current generation is left alone until it changes.</summary>
    public static bool FailedAtGeneration(StoredDeployment stored, DeploymentStatus? status) =>
        status is { Phase: DeploymentPhase.Failed } && status.ObservedGeneration == stored.Spec.Generation;

    /// <summary>
    /// The pass's steps, in order: spec gone → remove it everywhere; deleted → undeploy; no plan for the generation →
    /// place and commit; a plan host unregistered → declare it failed, wait for its fencing deadline, re-plan; else break
    /// before make, converge the plan's hosts, and once they answered: clear the hosts it left and record what they report.
    /// </summary>
    public DeployActions Compute(DeployDesired desired, DeployObserved observed, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(observed);
        if (desired.Stored is not { } stored)
        {
            // Undeploy finished, or the spec was removed behind our back: nothing may be left on any host.
            return DeployActions.Done([new ClearHosts([.. observed.Hosts.Select(h => h.Name)])]);
        }

        if (FailedAtGeneration(stored, observed.Status))
        {
            return DeployActions.Done([]);
        }

        var operation = desired.Operation ?? throw new ArgumentException($"deployment {stored.Ref} has no operation for generation {stored.Spec.Generation}", nameof(desired));
        if (stored.Spec.Deleted)
        {
            return Undeploy(stored, operation, observed, now);
        }

        if (!stored.Spec.HasCurrentPlan)
        {
            // Commit, then compute again on the written plan (a lost commit requeues: decide on what is there now).
            var placed = Place(stored, observed, now);
            return placed.Failure is { } failure ? DeployActions.Fail([], failure) : new DeployActions([placed.Commit!]);
        }

        return observed.Converged is { } report ? Record(stored, operation, observed, report, now) : Deploy(stored, observed, now);
    }

    /// <summary>
    /// How a terminal failure of the generation is recorded: the status <c>Failed</c> with the reason as its condition
    /// (the VM summaries kept), the operation FAILED with the message, and a <c>DeployFailed</c> event; the spec is not
    /// reconciled again until it changes.
    /// </summary>
    public static IReadOnlyList<DeployAction> RecordTerminal(StoredDeployment stored, Operation operation, DeploymentStatus? status, string reason, string message, DateTimeOffset now) =>
    [
        new WriteStatus(new DeploymentStatus(
            DeploymentPhase.Failed,
            status?.Vms ?? new Dictionary<string, VmSummary>(StringComparer.Ordinal),
            [new DeploymentCondition("Failed", reason, message, now)],
            stored.Spec.Generation,
            operation.Id,
            now)),
        new WriteOperation(operation with { State = OperationState.FAILED, Error = message, UpdatedAt = now, FinishedAt = now }),
        new EmitEvent(new PlannedEvent(EventSeverity.Warning, "DeployFailed", stored.Ref.ToString(), reason, message)),
    ];

    private static DeployActions Undeploy(StoredDeployment stored, Operation operation, DeployObserved observed, DateTimeOffset now)
    {
        var completed = operation with
        {
            State = OperationState.COMPLETED,
            Vms = operation.Vms.ToDictionary(p => p.Key, _ => new VmProgress("removed", 100), StringComparer.Ordinal),
            UpdatedAt = now,
            FinishedAt = now,
        };

        // The spec goes and the operation completes in one transaction: whoever sees COMPLETED finds the deployment gone.
        return DeployActions.Done(
        [
            new WriteStatus(new DeploymentStatus(DeploymentPhase.Undeploying, new Dictionary<string, VmSummary>(StringComparer.Ordinal), [], stored.Spec.Generation, operation.Id, now)),
            new ClearHosts([.. observed.Hosts.Select(h => h.Name)]),
            new RemoveDeployment(completed, new PlannedEvent(EventSeverity.Normal, "UndeployCompleted", stored.Ref.ToString(), null, "every VM and network of the deployment is removed")),
        ]);
    }

    private DeployActions Deploy(StoredDeployment stored, DeployObserved observed, DateTimeOffset now)
    {
        var plan = stored.Spec.Plan!;
        var registered = observed.Hosts.Select(h => h.Name).ToHashSet(StringComparer.Ordinal);
        var steps = new List<DeployAction>(ForgetRecoveredHosts(observed, registered));
        if (HandleMissingHosts(stored, observed, registered, steps, now) is { } failover)
        {
            return failover;
        }

        // Break before make: a VM the plan moved stops where it ran before it starts on its new host (the same VM on two
        // hosts at once would put its addresses twice on the network). Its old host goes first, or is emptied first.
        var sets = HostDesiredSets.Build(stored, plan, _options.Mapping);
        var leaving = LeavingHosts(plan.Placements, observed.Status?.Vms, registered);
        if (leaving.Where(h => !sets.ContainsKey(h)).Order(StringComparer.Ordinal).ToList() is { Count: > 0 } emptied)
        {
            steps.Add(new ClearHosts(emptied));
        }

        if (sets.Keys.FirstOrDefault(h => !registered.Contains(h)) is { } missing)
        {
            return DeployActions.Fail(steps, DeployFailure.Transient($"host \"{missing}\" of the plan is not registered (its agent is down?)"));
        }

        // The hosts a moved VM leaves first, then the others; the hosts of each group at once.
        foreach (var group in sets.GroupBy(d => leaving.Contains(d.Key) ? 0 : 1).OrderBy(g => g.Key))
        {
            steps.Add(new ConvergeHosts([.. group.Select(d => new HostDesiredSet(d.Key, d.Value))]));
        }

        return new DeployActions(steps);
    }

    /// <summary>
    /// Break before make: the hosts a VM the plan moved still runs on (recorded there, present, the host registered);
    /// they are emptied before the new hosts start it, so a VM never runs on two hosts at once.
    /// </summary>
    public static HashSet<string> LeavingHosts(IReadOnlyDictionary<string, string> placements, IReadOnlyDictionary<string, VmSummary>? recorded, IReadOnlySet<string> registered) =>
        (recorded ?? new Dictionary<string, VmSummary>(StringComparer.Ordinal))
            .Where(v => v.Value.IsPresent && placements.TryGetValue(v.Key, out var to) && to != v.Value.Host && registered.Contains(v.Value.Host))
            .Select(v => v.Value.Host)
            .ToHashSet(StringComparer.Ordinal);
}

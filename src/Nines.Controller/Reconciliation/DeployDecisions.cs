using Nines.Contracts.Agents;
using Nines.Contracts.Errors;
using Nines.Contracts.Model;
using Nines.Controller.Repositories;
using Nines.Drivers;

namespace Nines.Controller.Reconciliation;

/// <summary>
/// The decisions of a deploy pass as pure functions — the stored deployment (desired), what the hosts report
/// (observed) and the time in, what to write and what to answer out — so they are tested without a store or an agent.
/// <see cref="DeploymentReconciler"/> gathers the inputs and carries the verdict out.
/// </summary>
internal static class DeployDecisions
{
    /// <summary>
    /// Break before make: the hosts a VM the plan moved still runs on (recorded there, present, the host registered);
    /// they are emptied before the new hosts start it, so a VM never runs on two hosts at once.
    /// </summary>
    public static HashSet<string> LeavingHosts(IReadOnlyDictionary<string, string> placements, IReadOnlyDictionary<string, VmSummary>? recorded, IReadOnlySet<string> registered) =>
        (recorded ?? new Dictionary<string, VmSummary>(StringComparer.Ordinal))
            .Where(v => v.Value.IsPresent && placements.TryGetValue(v.Key, out var to) && to != v.Value.Host && registered.Contains(v.Value.Host))
            .Select(v => v.Value.Host)
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>What the hosts' observations of one deploy pass mean: the records and events to write and how the pass ends.</summary>
    /// <param name="stored">The deployment as stored (its plan is the one the hosts were given).</param>
    /// <param name="operation">The deployment's current operation.</param>
    /// <param name="observations">Each plan host's answer.</param>
    /// <param name="previous">The VM summaries recorded before this pass (only the reconciler writes them).</param>
    /// <param name="now">The pass's time.</param>
    public static DeployVerdict Judge(
        StoredDeployment stored, Operation operation, IReadOnlyList<HostDeploymentObservation> observations, IReadOnlyDictionary<string, VmSummary>? previous, DateTimeOffset now)
    {
        var summaries = new Dictionary<string, VmSummary>(StringComparer.Ordinal);
        var changes = new List<VmChange>();
        foreach (var observation in observations)
        {
            foreach (var vm in observation.Vms)
            {
                var summary = new VmSummary(observation.Host, VmSummary.StateName(vm.State), vm.GuestReady, vm.Configured, vm.Error ?? observation.Error);
                summaries[vm.Vm] = summary;
                var before = previous?.GetValueOrDefault(vm.Vm);
                if (before != summary)
                {
                    var record = new VmObserved(stored.Ref.Tenant, stored.Ref.Name, vm.Vm, observation.Host, vm.State?.ToString(), vm.GuestReady, vm.Configured, null, summary.LastError, now);
                    changes.Add(new VmChange(record, VmEvents(stored.Ref, vm.Vm, before, summary)));
                }
            }
        }

        var converged = observations.All(o => o.Converged);
        var phase = converged ? DeploymentPhase.Running : operation.IsFinished ? DeploymentPhase.Degraded : DeploymentPhase.Deploying;
        var plan = stored.Spec.Plan!;
        var conditions = plan.Warnings.Select(w => new DeploymentCondition("Warning", "PlanWarning", w, plan.CommittedAt)).ToList();
        var (progress, completed) = Progress(stored.Ref, operation, observations, converged, now);
        return new DeployVerdict(summaries, changes, phase, conditions, progress, completed, Failure(stored, operation, observations), converged);
    }

    /// <summary>The step a VM reached, as a progress bar sees it.</summary>
    public static VmProgress Progress(VmObservation vm) => vm switch
    {
        { Ready: true } => new VmProgress("ready", 100),
        { State: VmState.Crashed or VmState.Stopped } => new VmProgress(vm.State.Value.ToString().ToLowerInvariant(), 0, vm.Error),
        { State: VmState.Running, GuestReady: true } => new VmProgress("configuring", 75, vm.Error),
        { State: VmState.Running } => new VmProgress("booting", 50, vm.Error),
        { State: VmState.Defined } => new VmProgress("defined", 25, vm.Error),
        _ => new VmProgress("pending", 0, vm.Error),
    };

    /// <summary>
    /// VMs of an unfinished deploy that crashed: nothing restarts a VM outside a redundancy group (the availability
    /// manager restarts and fails over members), so the deploy would wait for good; it fails instead, naming each VM
    /// and why it ended (the chaos soak found a deploy PROCESSING for minutes after its guest's QEMU was killed).
    /// </summary>
    public static List<string> CrashedBeforeReady(StoredDeployment stored, IEnumerable<HostDeploymentObservation> observations)
    {
        var protectedVms = stored.Scenario?.Scenario.RedundancyGroups.SelectMany(g => g.Members).ToHashSet(StringComparer.Ordinal) ?? [];
        return [.. observations
            .SelectMany(o => o.Vms.Where(v => v.State == VmState.Crashed && !protectedVms.Contains(v.Vm)).Select(v => (o.Host, Vm: v)))
            .Select(p => $"vm \"{p.Vm.Vm}\" on host {p.Host} crashed before the deploy completed ({p.Vm.Error ?? "no reason known"}); nothing restarts it: undeploy, or deploy again")];
    }

    // Terminal first (a host refused; a VM crashed mid-deploy), then the transient errors to retry.
    private static DeployFailure? Failure(StoredDeployment stored, Operation operation, IReadOnlyList<HostDeploymentObservation> observations)
    {
        var terminal = observations.Where(o => o.Terminal).Select(o => $"host {o.Host}: {o.Error}")
            .Concat(observations.SelectMany(o => o.Vms.Where(v => v.Terminal).Select(v => $"vm \"{v.Vm}\": {v.Error}")))
            .ToList();
        if (terminal.Count > 0)
        {
            return new DeployFailure(true, "HostRefused", string.Join("; ", terminal));
        }

        if (!operation.IsFinished && CrashedBeforeReady(stored, observations) is { Count: > 0 } crashed)
        {
            return new DeployFailure(true, "VmCrashed", string.Join("; ", crashed));
        }

        var errors = observations.Where(o => o.Error is not null).Select(o => $"host {o.Host}: {o.Error}")
            .Concat(observations.SelectMany(o => o.Vms.Where(v => v.Error is not null).Select(v => $"vm \"{v.Vm}\": {v.Error}")))
            .ToList();
        return errors.Count > 0 ? new DeployFailure(false, null, string.Join("; ", errors)) : null;
    }

    // The operation's progress to write (null when unchanged or already finished) and the completion event.
    private static (Operation? Progress, PlannedEvent? Completed) Progress(
        DeploymentRef deployment, Operation operation, IReadOnlyList<HostDeploymentObservation> observations, bool converged, DateTimeOffset now)
    {
        if (operation.IsFinished)
        {
            return (null, null);
        }

        var progress = observations
            .SelectMany(o => o.Vms.Select(vm => (o.Host, Vm: vm)))
            .ToDictionary(p => p.Vm.Vm, p => Progress(p.Vm) with { Host = p.Host }, StringComparer.Ordinal);
        var next = operation with
        {
            State = converged ? OperationState.COMPLETED : OperationState.PROCESSING,
            Vms = progress,
            UpdatedAt = now,
            FinishedAt = converged ? now : null,
        };
        var completed = converged
            ? new PlannedEvent(EventSeverity.Normal, "DeployCompleted", deployment.ToString(), operation.Id, $"all {progress.Count} VMs are running and configured")
            : null;
        return (SameProgress(operation, next) ? null : next, completed);
    }

    private static bool SameProgress(Operation a, Operation b) =>
        a.State == b.State && a.Vms.Count == b.Vms.Count && a.Vms.All(p => b.Vms.GetValueOrDefault(p.Key) == p.Value);

    private static List<PlannedEvent> VmEvents(DeploymentRef deployment, string vm, VmSummary? before, VmSummary after)
    {
        var subject = $"{deployment}/{vm}";
        var events = new List<PlannedEvent>();
        if (before?.State != after.State)
        {
            var severity = after.State is nameof(VmState.Crashed) ? EventSeverity.Warning : EventSeverity.Normal;
            events.Add(new PlannedEvent(severity, $"Vm{after.State}", subject, null, $"vm \"{vm}\" on host {after.Host} is {after.State.ToLowerInvariant()}"));
        }

        if (after.GuestReady && before?.GuestReady != true)
        {
            events.Add(new PlannedEvent(EventSeverity.Normal, "VmGuestReady", subject, null, $"the guest agent of vm \"{vm}\" answers"));
        }

        if (after.Configured && before?.Configured != true)
        {
            events.Add(new PlannedEvent(EventSeverity.Normal, "VmConfigured", subject, null, $"addresses, routes and forwarding of vm \"{vm}\" are applied"));
        }

        if (after.LastError is { } error && error != before?.LastError)
        {
            events.Add(new PlannedEvent(EventSeverity.Warning, "VmError", subject, null, error));
        }

        return events;
    }
}

/// <summary>What a deploy pass writes and how it ends (<see cref="DeployDecisions.Judge"/>).</summary>
/// <param name="Summaries">The deployment status's VM summaries.</param>
/// <param name="Changes">The VMs whose summary changed: each one's record and events, in order.</param>
/// <param name="Phase">The status's phase.</param>
/// <param name="Conditions">The status's conditions.</param>
/// <param name="Progress">The operation to write, or null when nothing changed.</param>
/// <param name="Completed">The event that says the deploy completed, or null.</param>
/// <param name="Failure">Why the pass fails (terminal: recorded and not retried; else retried), or null.</param>
/// <param name="Converged">Every host converged: the pass is done; else it looks again soon.</param>
internal sealed record DeployVerdict(
    IReadOnlyDictionary<string, VmSummary> Summaries,
    IReadOnlyList<VmChange> Changes,
    DeploymentPhase Phase,
    IReadOnlyList<DeploymentCondition> Conditions,
    Operation? Progress,
    PlannedEvent? Completed,
    DeployFailure? Failure,
    bool Converged);

/// <summary>A VM's new observed record and the events its change makes.</summary>
internal sealed record VmChange(VmObserved Record, IReadOnlyList<PlannedEvent> Events);

/// <summary>An event to append to the log.</summary>
internal sealed record PlannedEvent(EventSeverity Severity, string Kind, string Subject, string? Reason, string Message);

/// <summary>Why a pass fails: terminal (with a condition reason) or transient (retried with backoff).</summary>
internal sealed record DeployFailure(bool Terminal, string? Reason, string Message)
{
    public Exception ToException() => Terminal
        ? new TerminalDeploymentException(Message) { Reason = Reason! }
        : new TransientDeploymentException(Message);
}

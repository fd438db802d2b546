using Nines.Contracts.Agents;
using Nines.Contracts.Model;
using Nines.Controller.Repositories;
using Nines.Drivers;

namespace Nines.Controller.Reconciliation;

/// <summary>What the hosts answered: the hosts the plan left, the records and events to write and how the pass ends.</summary>
internal sealed partial class DeployPass
{
    private DeployActions Record(StoredDeployment stored, Operation operation, DeployObserved observed, ConvergeReport report, DateTimeOffset now)
    {
        // The hosts outside the plan are judged on what is recorded now: a plan that changed during this pass (a
        // migration began and its target holds the VM arriving) must not be judged by the plan read before it.
        if (report.CurrentRevision != stored.ModRevision)
        {
            return DeployActions.Requeue([], TimeSpan.Zero);
        }

        var sets = HostDesiredSets.Build(stored, stored.Spec.Plan!, _options.Mapping);
        var steps = new List<DeployAction>();

        // A host outside the plan that may still hold some of it: the recorded status or an observed record puts one of
        // its VMs there (a VM moved away, a failed host back). Hosts with neither are not called, so an agent that does
        // not answer holds up only the deployments it runs.
        var recorded = observed.Status?.Vms;
        var former = observed.Hosts.Select(h => h.Name)
            .Where(h => !sets.ContainsKey(h) && (recorded?.Values.Any(v => v.Host == h) == true || report.HostsWithRecords.Contains(h)))
            .ToList();
        if (former.Count > 0)
        {
            steps.Add(new ClearHosts(former));
        }

        // A VM on its way to a host is reported by its source until the migration commits.
        var observations = report.Reports.Select(r => sets.GetValueOrDefault(r.Host)?.Incoming is { Count: > 0 } incoming
                ? r.Observation with { Vms = [.. r.Observation.Vms.Where(v => !incoming.Contains(v.VmId, StringComparer.Ordinal))] }
                : r.Observation)
            .ToList();
        var summaries = new Dictionary<string, VmSummary>(StringComparer.Ordinal);
        foreach (var observation in observations)
        {
            foreach (var vm in observation.Vms)
            {
                var summary = new VmSummary(observation.Host, VmPhases.Of(vm.State), vm.GuestReady, vm.Configured, vm.Error ?? observation.Error);
                summaries[vm.Vm] = summary;
                var before = recorded?.GetValueOrDefault(vm.Vm);
                if (before != summary)
                {
                    steps.Add(new WriteVm(new VmObserved(stored.Ref.Tenant, stored.Ref.Name, vm.Vm, observation.Host, vm.State, vm.GuestReady, vm.Configured, null, summary.LastError, now)));
                    steps.AddRange(VmEvents(stored.Ref, vm.Vm, before, summary).Select(e => new EmitEvent(e)));
                }
            }
        }

        var converged = observations.All(o => o.Converged);
        var phase = converged ? DeploymentPhase.Running : operation.IsFinished ? DeploymentPhase.Degraded : DeploymentPhase.Deploying;
        var plan = stored.Spec.Plan!;
        var conditions = plan.Warnings.Select(w => new DeploymentCondition("Warning", "PlanWarning", w, plan.CommittedAt)).ToList();
        steps.Add(new WriteStatus(new DeploymentStatus(phase, summaries, conditions, stored.Spec.Generation, operation.Id, now)));
        var (progress, completed) = Progress(stored.Ref, operation, observations, converged, now);
        if (progress is not null)
        {
            steps.Add(new WriteOperation(progress));
        }

        if (completed is not null)
        {
            steps.Add(new EmitEvent(completed));
        }

        return Failure(stored, operation, observations) is { } failure ? DeployActions.Fail(steps, failure)
            : converged ? DeployActions.Done(steps)
            : DeployActions.Requeue(steps, _options.ConvergePollInterval);
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
            return DeployFailure.Permanent("HostRefused", string.Join("; ", terminal));
        }

        if (!operation.IsFinished && CrashedBeforeReady(stored, observations) is { Count: > 0 } crashed)
        {
            return DeployFailure.Permanent("VmCrashed", string.Join("; ", crashed));
        }

        var errors = observations.Where(o => o.Error is not null).Select(o => $"host {o.Host}: {o.Error}")
            .Concat(observations.SelectMany(o => o.Vms.Where(v => v.Error is not null).Select(v => $"vm \"{v.Vm}\": {v.Error}")))
            .ToList();
        return errors.Count > 0 ? DeployFailure.Transient(string.Join("; ", errors)) : null;
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
            var severity = after.State is VmPhase.Crashed ? EventSeverity.Warning : EventSeverity.Normal;
            events.Add(new PlannedEvent(severity, $"Vm{after.State}", subject, null, $"vm \"{vm}\" on host {after.Host} is {after.State.ToString().ToLowerInvariant()}"));
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

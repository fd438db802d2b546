namespace Nines.Upgrades.Campaigns;

/// <summary>
/// One unit's steps. Each step first checks whether what it establishes is already observed (then it passes, or is
/// skipped when it issued nothing); otherwise it issues its action once, and waits for the observation or report to
/// confirm it. An action is issued again only when the shell session changed and its effect is still not observed.
/// </summary>
internal sealed partial class CampaignRun
{
    /// <summary>What a step's evaluation decided.</summary>
    private enum Verdict
    {
        Passed,
        Wait,
        Failed,
        Issue,
    }

    /// <summary>Runs <paramref name="task"/>'s steps as far as they go now.</summary>
    private CampaignUnit StepTask(CampaignUnit task, CampaignProcedure procedure)
    {
        while (task.CurrentStep is { } step)
        {
            if (task.StepStartedAt is null)
            {
                task = task with { StepStartedAt = Now };
                Event(CampaignEventKind.StepStarted, task.Unit, step, $"unit {task.Unit}: {Name(step)} (to revision {task.TargetRevision})");
            }

            var (verdict, detail, action) = Evaluate(task, procedure, step);
            switch (verdict)
            {
                case Verdict.Passed:
                    task = Finish(task, step, IsAction(step) && task.Pending is null ? CampaignStepOutcome.Skipped : CampaignStepOutcome.Passed, detail);
                    continue;
                case Verdict.Issue:
                    return Issue(task, procedure, action!.Value, step);
                case Verdict.Failed:
                    return Fail(task, step, detail!);
                default:
                    return Wait(task, step, detail);
            }
        }

        return task;
    }

    private (Verdict Verdict, string? Detail, CampaignActionKind? Action) Evaluate(CampaignUnit task, CampaignProcedure procedure, CampaignStepKind step)
    {
        var unit = Observed(task.Unit);
        var report = task.Pending is { } pending && _reports.TryGetValue(pending.Id, out var r) ? r : null;
        if (IsGate(step) && !(unit.Running && unit.Revision == task.TargetRevision))
        {
            return (Verdict.Failed, $"unit {task.Unit} no longer runs revision {task.TargetRevision} (running: {unit.Running}, revision: {unit.Revision ?? "unknown"})", null);
        }

        switch (step)
        {
            case CampaignStepKind.CheckRedundancy:
                return Allowed(task, procedure) is { } reason ? (Verdict.Wait, reason, null) : (Verdict.Passed, null, null);
            case CampaignStepKind.Switchover:
                return Level(task, report, !IsActive(unit), CampaignActionKind.Switchover, precondition: null);
            case CampaignStepKind.Lock:
                return Level(task, report, unit.Locked, CampaignActionKind.Lock,
                    precondition: procedure.Model != Domain.Scenarios.RedundancyModel.NWayActive && IsActive(unit) ? $"unit {task.Unit} is active again: it is not locked until it is switched over" : null);
            case CampaignStepKind.Stop:
                return Level(task, report, !unit.Running, CampaignActionKind.StopVm,
                    precondition: procedure.IsProtected && (IsActive(unit) || !unit.Locked) ? $"unit {task.Unit} is {(IsActive(unit) ? "active" : "not locked")}: it is not stopped" : null);
            case CampaignStepKind.Start:
                return Level(task, report, unit.Running && unit.Revision == task.TargetRevision, CampaignActionKind.StartVm,
                    precondition: unit.Running ? $"unit {task.Unit} still runs revision {unit.Revision ?? "unknown"}" : null);
            case CampaignStepKind.GuestAgent:
                return unit.GuestReady ? (Verdict.Passed, null, null) : (Verdict.Wait, null, null);
            case CampaignStepKind.HealthSequence:
            case CampaignStepKind.Kpis:
                return Checked(task, report, step == CampaignStepKind.Kpis ? CampaignActionKind.CheckKpis : CampaignActionKind.RunHealthSequence);
            case CampaignStepKind.Unlock:
                return Level(task, report, !unit.Locked, CampaignActionKind.Unlock, precondition: null);
            case CampaignStepKind.ReachStandby:
                return unit.InService && unit.Role is CampaignUnitRole.Standby or CampaignUnitRole.Active ? (Verdict.Passed, null, null) : (Verdict.Wait, null, null);
            default:
                if (procedure.IsProtected && !unit.InService)
                {
                    return (Verdict.Failed, $"unit {task.Unit} left service during the soak", null);
                }

                return Now - task.StepStartedAt!.Value >= Options.Soak ? (Verdict.Passed, null, null) : (Verdict.Wait, null, null);
        }
    }

    /// <summary>A step confirmed by the observation: passed when it holds, failed on a failure report, else issue once and wait.</summary>
    private (Verdict, string?, CampaignActionKind?) Level(CampaignUnit task, CampaignActionReport? report, bool established, CampaignActionKind action, string? precondition)
    {
        if (established)
        {
            return (Verdict.Passed, null, null);
        }

        if (report is { Succeeded: false })
        {
            return (Verdict.Failed, $"{Name(action)} failed: {report.Detail ?? "no reason given"}", null);
        }

        if (task.Pending is { } pending && pending.Session == Session)
        {
            return (Verdict.Wait, null, null);
        }

        // Not issued yet, or issued to a shell session that is gone: issue it (again), unless it would be unsafe now.
        return precondition is null ? (Verdict.Issue, null, action) : (Verdict.Wait, precondition, null);
    }

    /// <summary>A step confirmed only by its report (health sequence, KPIs).</summary>
    private (Verdict, string?, CampaignActionKind?) Checked(CampaignUnit task, CampaignActionReport? report, CampaignActionKind action)
    {
        if (report is { } done)
        {
            return done.Succeeded
                ? (Verdict.Passed, done.Detail, null)
                : (Verdict.Failed, $"{Name(action)} failed: {done.Detail ?? "no reason given"}", null);
        }

        return task.Pending is { } pending && pending.Session == Session ? (Verdict.Wait, null, null) : (Verdict.Issue, null, action);
    }

    private static bool IsAction(CampaignStepKind step) =>
        step is CampaignStepKind.Switchover or CampaignStepKind.Lock or CampaignStepKind.Stop or CampaignStepKind.Start or CampaignStepKind.Unlock;

    private static bool IsGate(CampaignStepKind step) =>
        step is CampaignStepKind.GuestAgent or CampaignStepKind.HealthSequence or CampaignStepKind.Unlock
            or CampaignStepKind.ReachStandby or CampaignStepKind.Kpis or CampaignStepKind.Soak;

    private CampaignUnit Finish(CampaignUnit task, CampaignStepKind step, CampaignStepOutcome outcome, string? detail)
    {
        var record = new CampaignStepRecord(task.TargetRevision, step, task.StepStartedAt!.Value, Now, outcome, detail);
        Event(outcome == CampaignStepOutcome.Skipped ? CampaignEventKind.StepSkipped : CampaignEventKind.StepCompleted, task.Unit, step,
            $"unit {task.Unit}: {Name(step)} {(outcome == CampaignStepOutcome.Skipped ? "had nothing to do" : "passed")}" + (detail is null ? string.Empty : $": {detail}"));
        task = task with
        {
            StepIndex = task.StepIndex + 1,
            StepStartedAt = null,
            Pending = null,
            Waiting = null,
            History = task.History.Add(record),
            Held = step == CampaignStepKind.CheckRedundancy || task.Held,
        };
        if (task.IsDone)
        {
            task = task with { Held = false };
            Event(CampaignEventKind.UnitCompleted, task.Unit, null, $"unit {task.Unit} runs revision {task.TargetRevision}");
        }

        return task;
    }

    private CampaignUnit Issue(CampaignUnit task, CampaignProcedure procedure, CampaignActionKind kind, CampaignStepKind step)
    {
        var id = $"{_campaign.Id}-{_nextAction++}";
        var action = new CampaignAction(id, kind, task.Unit, procedure.Name,
            Revision: kind == CampaignActionKind.StartVm ? task.TargetRevision : null,
            Detail: kind == CampaignActionKind.RunHealthSequence ? Options.HealthSequence : null);
        _actions.Add(action);
        var again = task.Pending is not null;
        Event(again ? CampaignEventKind.ActionReissued : CampaignEventKind.ActionIssued, task.Unit, step,
            $"{Name(kind)} {task.Unit}" + (action.Revision is null ? string.Empty : $" at {action.Revision}") + $" ({id})"
            + (again ? $": the shell session changed and {task.Pending!.Id} is not confirmed" : string.Empty));
        return task with { Pending = new CampaignPendingAction(id, kind, Now, Session), Waiting = null };
    }

    private CampaignUnit Wait(CampaignUnit task, CampaignStepKind step, string? reason)
    {
        var since = task.Pending?.IssuedAt ?? task.StepStartedAt!.Value;
        var limit = step switch
        {
            CampaignStepKind.CheckRedundancy => Options.RedundancyLimit,
            CampaignStepKind.Soak => TimeSpan.MaxValue,
            _ => Options.StepLimit,
        };
        if (limit != TimeSpan.MaxValue && Now - since >= limit)
        {
            return Fail(task, step, $"not done within {limit}" + (reason is null ? string.Empty : $": {reason}"));
        }

        if (reason is not null && reason != task.Waiting)
        {
            Event(CampaignEventKind.UnitWaiting, task.Unit, step, $"unit {task.Unit} waits: {reason}");
            return task with { Waiting = reason };
        }

        return task;
    }

    private CampaignUnit Fail(CampaignUnit task, CampaignStepKind step, string reason)
    {
        var record = new CampaignStepRecord(task.TargetRevision, step, task.StepStartedAt!.Value, Now, CampaignStepOutcome.Failed, reason);
        Event(CampaignEventKind.StepFailed, task.Unit, step, $"unit {task.Unit}: {Name(step)} failed: {reason}");
        return task with { Failure = reason, Pending = null, History = task.History.Add(record) };
    }
}

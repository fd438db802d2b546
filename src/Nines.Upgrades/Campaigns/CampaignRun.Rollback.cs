using Nines.Domain;

namespace Nines.Upgrades.Campaigns;

/// <summary>
/// Building the rollback: every unit the upgrade touched (done, or held out of service mid-way) gets a task back to
/// the old revision, most recently begun first. A unit still held starts after the redundancy check (it is already
/// out), at its switchover, which is skipped unless it is somehow active; a unit back in service starts from the check.
/// </summary>
internal sealed partial class CampaignRun
{
    /// <summary>Starts rolling back because of <paramref name="reason"/>: the forward tasks stop where they are.</summary>
    public void BeginRollback(string reason)
    {
        var touched = new List<(CampaignUnit Task, int Order)>();
        var order = 0;
        foreach (var tasks in _forward)
        {
            for (var i = 0; i < tasks.Count; i++)
            {
                var task = tasks[i];
                if (task.IsDone && task.BeganAt is not null || task.Held)
                {
                    touched.Add((task, order));
                }

                tasks[i] = task with { Held = false, Pending = null, Waiting = null };
                order++;
            }
        }

        foreach (var (task, _) in touched.OrderByDescending(t => t.Task.BeganAt).ThenByDescending(t => t.Order))
        {
            var held = task.Held && !task.IsDone;
            _rollback.Add(new CampaignUnit(
                task.Unit,
                task.Procedure,
                _campaign.FromRevision,
                task.RollbackSteps,
                task.Steps,
                StepIndex: held ? AfterCheck(task.RollbackSteps) : 0,
                Held: held));
        }

        Failure ??= reason;
        ChangeState(CampaignState.RollingBack, reason);
    }

    /// <summary>Retries a failed rollback: the failed task starts again (its steps re-check what is already done).</summary>
    public void RetryRollback()
    {
        for (var i = 0; i < _rollback.Count; i++)
        {
            var task = _rollback[i];
            if (task.Failure is not null)
            {
                _rollback[i] = task with
                {
                    Failure = null,
                    Pending = null,
                    Waiting = null,
                    BeganAt = null,
                    StepStartedAt = null,
                    StepIndex = task.Held ? AfterCheck(task.Steps) : 0,
                };
            }
        }

        var why = $"retrying the rollback (it failed: {Failure})";
        FailedUnit = null;
        ChangeState(CampaignState.RollingBack, why);
    }

    /// <summary>Pausing: units waiting for the redundancy check (not yet out of service) go back to pending.</summary>
    public void ReleaseWaiting()
    {
        foreach (var tasks in _forward.Append(_rollback))
        {
            for (var i = 0; i < tasks.Count; i++)
            {
                if (!tasks[i].IsDone && tasks[i].BeganAt is not null && !tasks[i].Held)
                {
                    tasks[i] = tasks[i] with { BeganAt = null, StepStartedAt = null, StepIndex = 0, Pending = null, Waiting = null };
                }
            }
        }
    }

    private static int AfterCheck(ValueList<CampaignStepKind> steps) =>
        steps.Count > 0 && steps[0] == CampaignStepKind.CheckRedundancy ? 1 : 0;
}

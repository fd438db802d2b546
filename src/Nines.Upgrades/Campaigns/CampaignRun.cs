using Nines.Domain;

namespace Nines.Upgrades.Campaigns;

/// <summary>
/// One <see cref="CampaignEngine.Advance"/> or command at work: mutable copies of the campaign's tasks, the actions
/// and events it produces, and the observation indexed by unit. Turned back into a record by <see cref="Result"/>.
/// </summary>
internal sealed partial class CampaignRun
{
    private readonly UpgradeCampaign _campaign;
    private readonly CampaignObservation? _observed;
    private readonly Dictionary<string, CampaignUnitObservation> _units = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CampaignActionReport> _reports = new(StringComparer.Ordinal);
    private readonly List<CampaignUnit>[] _forward;
    private readonly List<CampaignUnit> _rollback;
    private readonly List<CampaignAction> _actions = [];
    private readonly List<CampaignEvent> _events = [];
    private long _nextAction;

    public CampaignRun(UpgradeCampaign campaign, CampaignObservation? observed, DateTimeOffset now)
    {
        _campaign = campaign;
        _observed = observed;
        Now = now;
        State = campaign.State;
        SuspendedFrom = campaign.SuspendedFrom;
        StartedAt = campaign.StartedAt;
        EndedAt = campaign.EndedAt;
        Failure = campaign.Failure;
        FailedUnit = campaign.FailedUnit;
        _nextAction = campaign.NextAction;
        _forward = [.. campaign.Procedures.Select(p => p.Units.ToList())];
        _rollback = [.. campaign.Rollback];
        foreach (var unit in observed?.Units ?? [])
        {
            _units.TryAdd(unit.Unit, unit);
        }

        foreach (var report in observed?.Reports ?? [])
        {
            _reports.TryAdd(report.ActionId, report);
        }
    }

    public DateTimeOffset Now { get; }

    public CampaignState State { get; private set; }

    public CampaignState? SuspendedFrom { get; private set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    public string? Failure { get; private set; }

    public string? FailedUnit { get; private set; }

    private CampaignOptions Options => _campaign.Options;

    private string Session => _observed?.Session ?? string.Empty;

    /// <summary>The campaign as it is now, with the actions and events of this run.</summary>
    public CampaignAdvance Result()
    {
        var campaign = _campaign with
        {
            State = State,
            SuspendedFrom = State == CampaignState.Suspended ? SuspendedFrom : null,
            Procedures = ValueList.From(_campaign.Procedures.Select((p, i) => p with { Units = ValueList.From(_forward[i]) })),
            Rollback = ValueList.From(_rollback),
            NextAction = _nextAction,
            StartedAt = StartedAt,
            EndedAt = EndedAt,
            Failure = Failure,
            FailedUnit = FailedUnit,
        };
        return new CampaignAdvance(campaign, ValueList.From(_actions), ValueList.From(_events));
    }

    /// <summary>Moves the campaign to <paramref name="state"/> and records why.</summary>
    public void ChangeState(CampaignState state, string why, CampaignState? suspendedFrom = null)
    {
        var before = State;
        State = state;
        SuspendedFrom = suspendedFrom;
        if (state is CampaignState.Completed or CampaignState.Committed or CampaignState.RolledBack or CampaignState.Failed)
        {
            EndedAt = Now;
        }
        else
        {
            EndedAt = null;
        }

        Event(CampaignEventKind.StateChanged, null, null, $"{Name(before)} -> {Name(state)}: {why}");
    }

    public void Event(CampaignEventKind kind, string? unit, CampaignStepKind? step, string message) =>
        _events.Add(new CampaignEvent(Now, _campaign.Id, kind, State, unit, step, message));

    /// <summary>Upgrades units procedure by procedure; a failed unit starts the rollback.</summary>
    public void AdvanceForward()
    {
        var suspended = State == CampaignState.Suspended;
        for (var p = 0; p < _forward.Length; p++)
        {
            var procedure = _campaign.Procedures[p];
            if (!StepTasks(_forward[p], procedure, suspended, preferStandbys: true, out var failed))
            {
                BeginRollback($"unit {failed.Unit} failed at {StepName(failed)}: {failed.Failure}");
                return;
            }

            if (!_forward[p].TrueForAll(t => t.IsDone))
            {
                return;
            }
        }

        if (State == CampaignState.Executing)
        {
            ChangeState(CampaignState.Completed, $"every unit runs revision {_campaign.ToRevision} and passed its health gate; commit or roll back");
        }
    }

    /// <summary>Returns the touched units to the old revision in reverse order; a failed unit fails the campaign.</summary>
    public void AdvanceRollback()
    {
        var suspended = State == CampaignState.Suspended;
        if (!StepTasks(_rollback, null, suspended, preferStandbys: false, out var failed))
        {
            FailedUnit = failed.Unit;
            Failure = $"rollback of unit {failed.Unit} failed at {StepName(failed)}: {failed.Failure}" + (Failure is null ? string.Empty : $" (rolling back because {Failure})");
            ChangeState(CampaignState.Failed, Failure);
            return;
        }

        if (State == CampaignState.RollingBack && _rollback.TrueForAll(t => t.IsDone))
        {
            ChangeState(CampaignState.RolledBack, $"every touched unit runs revision {_campaign.FromRevision} again");
        }
    }

    /// <summary>
    /// Advances the begun tasks of one list, then begins pending ones as redundancy allows: held ones (already out of
    /// service) at once, others one at a time; again until nothing moves, so one call reaches what the observation
    /// allows (a unit finishing lets a waiting one pass). False with the failed task when one failed.
    /// </summary>
    private bool StepTasks(List<CampaignUnit> tasks, CampaignProcedure? procedure, bool suspended, bool preferStandbys, out CampaignUnit failed)
    {
        failed = null!;
        for (var pass = 0; pass <= tasks.Count * 16; pass++)
        {
            var moved = false;
            for (var i = 0; i < tasks.Count; i++)
            {
                if (tasks[i].IsDone || tasks[i].BeganAt is null || (suspended && !tasks[i].Held))
                {
                    continue;
                }

                var before = tasks[i];
                tasks[i] = StepTask(before, procedure ?? ProcedureOf(before));
                moved |= !tasks[i].Equals(before);
                if (tasks[i].Failure is not null)
                {
                    failed = tasks[i];
                    return false;
                }
            }

            while (NextToBegin(tasks, suspended, preferStandbys) is { } next)
            {
                moved = true;
                tasks[next] = StepTask(Begin(tasks[next]), procedure ?? ProcedureOf(tasks[next]));
                if (tasks[next].Failure is not null)
                {
                    failed = tasks[next];
                    return false;
                }
            }

            if (!moved)
            {
                break;
            }
        }

        return true;
    }

    private int? NextToBegin(List<CampaignUnit> tasks, bool suspended, bool preferStandbys)
    {
        // A held task is already out of service: it goes on even while suspended (to a safe point).
        var held = tasks.FindIndex(t => t.IsPending && t.Held);
        if (held >= 0)
        {
            return held;
        }

        if (suspended || tasks.Exists(t => !t.IsDone && t.BeganAt is not null && !t.Held) || HeldUnits(except: null).Count >= Options.MaxUnavailable)
        {
            return null;
        }

        var pending = Enumerable.Range(0, tasks.Count).Where(i => tasks[i].IsPending).ToList();
        if (pending.Count == 0)
        {
            return null;
        }

        // Standbys first: an active goes last, once an upgraded standby can take over from it.
        if (preferStandbys)
        {
            foreach (var i in pending)
            {
                if (!IsActive(Observed(tasks[i].Unit)))
                {
                    return i;
                }
            }
        }

        return pending[0];
    }

    private CampaignUnit Begin(CampaignUnit task)
    {
        task = task with { BeganAt = Now };
        var unit = Observed(task.Unit);
        if (unit.Running && unit.Revision == task.TargetRevision)
        {
            // Nothing to restart: it already runs the target revision (a unit whose switchover or lock failed, or a
            // retried rollback). Unlock it when locked, then it is done.
            var unlock = task.Steps.ToList().IndexOf(CampaignStepKind.Unlock);
            if (unit.Locked && unlock >= 0)
            {
                Event(CampaignEventKind.StepSkipped, task.Unit, task.CurrentStep, $"unit {task.Unit} already runs revision {task.TargetRevision}: only unlocking it");
                return task with { StepIndex = unlock, Held = true };
            }

            Event(CampaignEventKind.UnitCompleted, task.Unit, null, $"unit {task.Unit} already runs revision {task.TargetRevision}");
            return task with { StepIndex = task.Steps.Count, Held = false };
        }

        return task;
    }

    private CampaignProcedure ProcedureOf(CampaignUnit task) =>
        _campaign.Procedures.FirstOrDefault(p => p.Name == task.Procedure)
        ?? new CampaignProcedure(task.Procedure, Domain.Scenarios.RedundancyModel.None, [task.Unit], 0, []);

    /// <summary>The units the campaign holds out of service (forward and rollback tasks), except <paramref name="except"/>.</summary>
    private HashSet<string> HeldUnits(string? except) =>
        [.. _forward.SelectMany(t => t).Concat(_rollback).Where(t => t.Held && t.Unit != except).Select(t => t.Unit)];

    private CampaignUnitObservation Observed(string unit) =>
        _units.TryGetValue(unit, out var observed) ? observed : new CampaignUnitObservation(unit, false, null, false, false, false, CampaignUnitRole.None);

    private static bool IsActive(CampaignUnitObservation unit) => unit.Role is CampaignUnitRole.Active or CampaignUnitRole.Quiescing;

    private static string StepName(CampaignUnit task) => task.CurrentStep is { } step ? Name(step) : "the end";

    internal static string Name<T>(T value)
        where T : struct, Enum => CampaignNames.Of(value);
}

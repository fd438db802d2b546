using Nines.Availability.Model;
using Nines.Availability.Recovery;
using Nines.Availability.Redundancy;

namespace Nines.Availability.Engine;

/// <summary>Re-planning and recording: every change of the group goes through here.</summary>
public sealed partial class AvailabilityEngine
{
    // A policy converges in one pass; a few more let a plan build on its own result and stop a buggy policy from spinning.
    private const int MaxPlanRounds = 4;

    private void Reconcile_NeedsLock(DateTimeOffset at, OutcomeBuilder outcome)
    {
        IReadOnlyList<string> notes = [];
        for (var round = 0; round < MaxPlanRounds; round++)
        {
            var plan = _policy.Plan(_group);
            foreach (var change in plan.Changes)
            {
                ApplyChange_NeedsLock(at, change, outcome);
            }

            foreach (var request in plan.Instantiations)
            {
                _group = _group with { PendingInstantiations = _group.PendingInstantiations + 1 };
                outcome.Step(new AvailabilityStep(StepKind.Instantiate, _group.Name, request.Reason, Request: request));
                Publish(at, AvailabilityEventKind.InstantiationRequested, request.Reason);
            }

            notes = plan.Notes;
            if (plan.IsEmpty)
            {
                break;
            }
        }

        outcome.Notes.AddRange(notes);
        if (!notes.SequenceEqual(_lastNotes))
        {
            foreach (var note in notes)
            {
                Publish(at, AvailabilityEventKind.Warning, note);
            }

            _lastNotes = notes;
        }
    }

    private void ApplyChange_NeedsLock(DateTimeOffset at, AssignmentChange change, OutcomeBuilder outcome)
    {
        if (change.From is null)
        {
            var created = new Assignment(change.Unit, change.Instance, change.To!.Value);
            Check_NeedsLock(created, null);
            _group = _group with { Assignments = _group.Assignments.Add(created) };
            Record_NeedsLock(at, change.Unit, change.Instance, null, change.To, change.Reason, outcome);
            return;
        }

        var existing = _group.Assignments.FirstOrDefault(a => a.Unit == change.Unit && a.Instance == change.Instance && a.State == change.From)
            ?? throw new InvalidOperationException($"policy {_policy.GetType().Name} changed an assignment that does not exist: {change}");
        if (change.To is null)
        {
            Release_NeedsLock(at, existing, change.Reason, outcome);
        }
        else
        {
            Transition_NeedsLock(at, existing, change.To.Value, change.Reason, outcome);
        }
    }

    private Assignment Transition_NeedsLock(DateTimeOffset at, Assignment previous, HaState to, string reason, OutcomeBuilder outcome)
    {
        var next = previous with { State = to };
        Check_NeedsLock(next, previous);
        _group = _group with { Assignments = [.. _group.Assignments.Where(a => a != previous), next] };
        Record_NeedsLock(at, previous.Unit, previous.Instance, previous.State, to, reason, outcome);
        return next;
    }

    private void Release_NeedsLock(DateTimeOffset at, Assignment assignment, string reason, OutcomeBuilder outcome)
    {
        _group = _group with { Assignments = [.. _group.Assignments.Where(a => a != assignment)] };
        Record_NeedsLock(at, assignment.Unit, assignment.Instance, assignment.State, null, reason, outcome);
    }

    /// <summary>
    /// The split-brain guard: refuses a second serving unit (active, or quiescing: it still finishes requests), or an
    /// active on a unit out of service. A quiesced unit serves nothing, so the switchover may promote beside it.
    /// </summary>
    private void Check_NeedsLock(Assignment next, Assignment? replacing)
    {
        if (next.State != HaState.Active)
        {
            return;
        }

        var unit = _group.FindUnit(next.Unit);
        if (unit is null || !unit.InService)
        {
            throw new InvalidOperationException($"unit {next.Unit} is not in service: it cannot become active for {next.Instance}");
        }

        var rival = _group.AssignmentsFor(next.Instance).FirstOrDefault(a =>
            a != replacing && a.Unit != next.Unit && a.State is HaState.Active or HaState.Quiescing);
        if (SingleActive && rival is not null)
        {
            throw new InvalidOperationException(
                $"split brain prevented: {next.Unit} cannot become active for {next.Instance} while {rival.Unit} holds it {rival.State}");
        }
    }

    /// <summary>The unit's process is gone: everything it held is released, so others may take it over.</summary>
    private void MarkDead_NeedsLock(DateTimeOffset at, string unitName, string reason, OutcomeBuilder outcome)
    {
        var unit = _group.FindUnit(unitName)!;
        SetUnit_NeedsLock(at, unit with { KnownDead = true }, "known dead");
        foreach (var assignment in _group.AssignmentsOf(unitName).ToList())
        {
            Release_NeedsLock(at, assignment, reason, outcome);
        }
    }

    private void Record_NeedsLock(DateTimeOffset at, string unit, string instance, HaState? previous, HaState? to, string reason, OutcomeBuilder outcome)
    {
        var transition = new HaTransition(_transitions.Count + 1, at, _group.Name, unit, instance, previous, to, reason);
        _transitions.Add(transition);
        outcome.Transitions.Add(transition);
        outcome.Step(new AvailabilityStep(StepKind.SetHaState, _group.Name, reason, unit, _group.FindUnit(unit)?.Host, instance, to));
        var change = $"{unit} for {instance}: {previous?.ToString() ?? "unassigned"} → {to?.ToString() ?? "unassigned"} ({reason})";
        Publish(at, AvailabilityEventKind.HaStateChanged, change, unit, instance);
    }

    private void SetUnit_NeedsLock(DateTimeOffset at, ServiceUnit unit, string why)
    {
        _group = _group.WithUnit(unit);
        Publish(at, AvailabilityEventKind.UnitStateChanged, $"unit {unit.Name} on {unit.Host}: {why} ({unit.Presence}, {unit.Operational})", unit.Name);
    }

    private void Publish(DateTimeOffset at, AvailabilityEventKind kind, string message, string? unit = null, string? instance = null) =>
        _events?.Publish(new AvailabilityEvent(at, _group.Name, kind, message, unit, instance));

    /// <summary>The lists one call fills.</summary>
    private sealed class OutcomeBuilder
    {
        public List<RecoveryDecision> Decisions { get; } = [];

        public List<HaTransition> Transitions { get; } = [];

        public List<AvailabilityStep> Steps { get; } = [];

        public List<string> Notes { get; } = [];

        public void Step(AvailabilityStep step) => Steps.Add(step);

        public EngineOutcome Build() => new([.. Decisions], [.. Transitions], [.. Steps], [.. Notes]);
    }
}

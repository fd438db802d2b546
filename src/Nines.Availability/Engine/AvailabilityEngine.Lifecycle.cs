using Nines.Availability.Model;

namespace Nines.Availability.Engine;

/// <summary>Reports previous the applier (ready, fenced, quiesced) and the administrative switchover.</summary>
public sealed partial class AvailabilityEngine
{
    /// <summary>
    /// A unit is running and ready: a restarted or reset unit comes back in service, an unknown name joins the group
    /// (a requested instantiation) with the lowest preference.
    /// </summary>
    public EngineOutcome UnitReady(string unitName, string host, DateTimeOffset at, UnitKind kind = UnitKind.Vm)
    {
        ArgumentException.ThrowIfNullOrEmpty(unitName);
        ArgumentException.ThrowIfNullOrEmpty(host);
        lock (_gate)
        {
            var outcome = new OutcomeBuilder();
            var unit = _group.FindUnit(unitName);
            if (unit is { Presence: UnitPresence.Terminated })
            {
                outcome.Notes.Add($"unit {unitName} was given up; it cannot rejoin the group (destroy it)");
                outcome.Step(new AvailabilityStep(StepKind.Destroy, _group.Name, outcome.Notes[^1], unitName, host));
                return outcome.Build();
            }

            if (unit is null)
            {
                var rank = _group.Units.Count == 0 ? 0 : _group.Units.Max(u => u.Rank) + 1;
                _group = _group with { PendingInstantiations = Math.Max(0, _group.PendingInstantiations - 1) };
                SetUnit_NeedsLock(at, new ServiceUnit(unitName, host, rank, kind), "instantiated and ready");
            }
            else
            {
                // A ready unit is a new process: whatever the old one held is gone even if nobody reported its death.
                if (!unit.KnownDead && _group.AssignmentsOf(unitName).Any() && unit.Operational == UnitOperationalState.Disabled)
                {
                    MarkDead_NeedsLock(at, unitName, $"unit {unitName} was restarted", outcome);
                }

                SetUnit_NeedsLock(
                    at,
                    _group.FindUnit(unitName)! with { Host = host, Presence = UnitPresence.Instantiated, Operational = UnitOperationalState.Enabled, KnownDead = false },
                    "ready");
            }

            Reconcile_NeedsLock(at, outcome);
            return outcome.Build();
        }
    }

    /// <summary>
    /// A given-up unit was instantiated again, on <paramref name="host"/>, for a pending instantiation request (the
    /// control plane re-places the unit's own VM rather than inventing a new one): it rejoins with the lowest
    /// preference, as a new unit would, and the policy gives it a role. Ignored with a note when the unit was not given
    /// up or no instantiation is pending.
    /// </summary>
    public EngineOutcome UnitReinstantiated(string unitName, string host, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrEmpty(unitName);
        ArgumentException.ThrowIfNullOrEmpty(host);
        lock (_gate)
        {
            var outcome = new OutcomeBuilder();
            var unit = _group.FindUnit(unitName);
            if (unit is not { Presence: UnitPresence.Terminated } || _group.PendingInstantiations == 0)
            {
                outcome.Notes.Add($"unit {unitName} instantiated on {host} ignored: {(unit is null ? "no such unit" : unit.Presence != UnitPresence.Terminated ? "it was not given up" : "no instantiation is pending")}");
                return outcome.Build();
            }

            var rank = _group.Units.Max(u => u.Rank) + 1;
            _group = _group with { PendingInstantiations = _group.PendingInstantiations - 1 };
            SetUnit_NeedsLock(
                at,
                unit with { Host = host, Rank = rank, Presence = UnitPresence.Instantiated, Operational = UnitOperationalState.Enabled, KnownDead = false },
                $"instantiated again on {host} and ready");
            Reconcile_NeedsLock(at, outcome);
            return outcome.Build();
        }
    }

    /// <summary>The unit's process is known to be gone (killed by the applier, or its host powered off).</summary>
    public EngineOutcome UnitFenced(string unitName, DateTimeOffset at)
    {
        lock (_gate)
        {
            var outcome = new OutcomeBuilder();
            var unit = _group.FindUnit(unitName);
            if (unit is null || unit.KnownDead)
            {
                return outcome.Build();
            }

            if (unit.Operational == UnitOperationalState.Enabled)
            {
                // Fenced without a failure we saw (an operator, a host power-off): it failed all the same.
                SetUnit_NeedsLock(at, unit with { Operational = UnitOperationalState.Disabled, Presence = UnitPresence.Restarting }, "fenced unasked");
            }

            MarkDead_NeedsLock(at, unitName, $"unit {unitName} is fenced", outcome);
            Reconcile_NeedsLock(at, outcome);
            return outcome.Build();
        }
    }

    /// <summary>Every unit of the group on <paramref name="host"/> is known to be gone.</summary>
    public EngineOutcome HostFenced(string host, DateTimeOffset at)
    {
        lock (_gate)
        {
            var outcome = new OutcomeBuilder();
            // A unit there is gone for good, also one a recovery was restarting or resetting in place: that cannot
            // finish on a fenced host, so it is given up and the policy asks for a replacement elsewhere.
            foreach (var unit in _group.Units.Where(u => u.Host == host && (!u.KnownDead || u.Presence != UnitPresence.Terminated)).ToList())
            {
                if (unit.Presence != UnitPresence.Terminated)
                {
                    SetUnit_NeedsLock(at, unit with { Operational = UnitOperationalState.Disabled, Presence = UnitPresence.Terminated }, $"host {host} fenced");
                }

                if (!unit.KnownDead)
                {
                    MarkDead_NeedsLock(at, unit.Name, $"host {host} is fenced", outcome);
                }
            }

            Reconcile_NeedsLock(at, outcome);
            return outcome.Build();
        }
    }

    /// <summary>
    /// Locks a unit for a move (a host drain): it leaves service, so its standby assignments are released and the
    /// policy may give them to another unit, and its failures are not recovered while it moves. Refused (with a note,
    /// nothing changed) while it is active, quiescing or quiesced for an instance: switch those over first.
    /// </summary>
    public EngineOutcome LockUnit(string unitName, DateTimeOffset at)
    {
        lock (_gate)
        {
            var outcome = new OutcomeBuilder();
            var unit = _group.FindUnit(unitName);
            var serving = _group.AssignmentsOf(unitName).Where(a => a.State != HaState.Standby).ToList();
            var refusal = unit is null ? $"group {_group.Name} has no unit {unitName}"
                : unit.Locked ? $"unit {unitName} is locked already"
                : !unit.InService ? $"unit {unitName} is not in service ({unit.Presence}, {unit.Operational})"
                : serving.Count > 0 ? $"unit {unitName} is {string.Join(", ", serving.Select(a => $"{a.State} for {a.Instance}"))}: switch it over first"
                : null;
            if (refusal is not null)
            {
                outcome.Notes.Add($"lock refused: {refusal}");
                Publish(at, AvailabilityEventKind.Warning, outcome.Notes[^1], unitName);
                return outcome.Build();
            }

            SetUnit_NeedsLock(at, unit! with { Locked = true }, "locked for a move");
            Reconcile_NeedsLock(at, outcome);
            return outcome.Build();
        }
    }

    /// <summary>
    /// A locked unit runs on <paramref name="host"/> after its move (or where it was, when the move was abandoned):
    /// it is unlocked, back in service as a new process, and the policy gives it a role. Ignored with a note when it
    /// was not locked.
    /// </summary>
    public EngineOutcome UnlockUnit(string unitName, string host, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        lock (_gate)
        {
            var outcome = new OutcomeBuilder();
            var unit = _group.FindUnit(unitName);
            if (unit is not { Locked: true })
            {
                outcome.Notes.Add($"unlock of {unitName} ignored: {(unit is null ? "no such unit" : "it is not locked")}");
                return outcome.Build();
            }

            SetUnit_NeedsLock(
                at,
                unit with { Host = host, Locked = false, Presence = UnitPresence.Instantiated, Operational = UnitOperationalState.Enabled, KnownDead = false },
                unit.Host == host ? $"unlocked on {host}" : $"moved to {host} and unlocked");
            Reconcile_NeedsLock(at, outcome);
            return outcome.Build();
        }
    }

    /// <summary>
    /// Starts a graceful switchover of <paramref name="instance"/> (2N and N+M): the active is told to quiesce;
    /// when it reports <see cref="QuiesceCompleted"/> the standby becomes active and the old active its standby.
    /// Refused (with a note, nothing changed) when there is no active or no standby in service to take over.
    /// </summary>
    public EngineOutcome RequestSwitchover(string instance, DateTimeOffset at)
    {
        lock (_gate)
        {
            var outcome = new OutcomeBuilder();
            var holders = _group.AssignmentsFor(instance).ToList();
            var refusal = _group.Model is not (Nines.Domain.Scenarios.RedundancyModel.TwoN or Nines.Domain.Scenarios.RedundancyModel.NPlusM)
                ? $"model {_group.Model} has no standby to switch over to"
                : !_group.Instances.Any(i => i.Name == instance) ? $"group {_group.Name} has no instance {instance}"
                : holders.Any(a => a.State is HaState.Quiescing or HaState.Quiesced) ? $"a switchover of {instance} is already in progress"
                : !holders.Any(a => a.State == HaState.Active) ? $"instance {instance} has no active unit"
                : !holders.Any(a => a.State == HaState.Standby && _group.FindUnit(a.Unit)!.InService) ? $"instance {instance} has no standby in service"
                : null;
            if (refusal is not null)
            {
                outcome.Notes.Add($"switchover refused: {refusal}");
                Publish(at, AvailabilityEventKind.Warning, outcome.Notes[^1], instance: instance);
                return outcome.Build();
            }

            var active = holders.Single(a => a.State == HaState.Active);
            Transition_NeedsLock(at, active, HaState.Quiescing, $"switchover of {instance}: {active.Unit} finishes its requests in flight", outcome);
            return outcome.Build();
        }
    }

    /// <summary>
    /// The quiescing unit finished its requests in flight: it becomes quiesced, the standby active, then the old
    /// active the standby. If the standby left service meanwhile, the unit takes its active state back; a unit that
    /// failed while quiescing stays quiesced (serving nothing) until it is fenced.
    /// </summary>
    public EngineOutcome QuiesceCompleted(string unitName, string instance, DateTimeOffset at)
    {
        lock (_gate)
        {
            var outcome = new OutcomeBuilder();
            var quiescing = _group.AssignmentsOf(unitName).FirstOrDefault(a => a.Instance == instance && a.State == HaState.Quiescing);
            if (quiescing is null)
            {
                outcome.Notes.Add($"quiesce report of {unitName} for {instance} ignored: it is not quiescing");
                return outcome.Build();
            }

            var quiesced = Transition_NeedsLock(at, quiescing, HaState.Quiesced, $"switchover of {instance}: {unitName} has nothing in flight", outcome);
            var standby = _group.AssignmentsFor(instance)
                .Where(a => a.State == HaState.Standby && _group.FindUnit(a.Unit)!.InService)
                .OrderBy(a => _group.FindUnit(a.Unit)!.Rank)
                .FirstOrDefault();
            var selfInService = _group.FindUnit(unitName)!.InService;
            if (standby is not null)
            {
                Transition_NeedsLock(at, standby, HaState.Active, $"switchover of {instance}: {standby.Unit} takes over", outcome);
                if (selfInService)
                {
                    Transition_NeedsLock(at, quiesced, HaState.Standby, $"switchover of {instance}: {unitName} stands by", outcome);
                }
            }
            else if (selfInService)
            {
                outcome.Notes.Add($"switchover of {instance} aborted: its standby left service");
                Transition_NeedsLock(at, quiesced, HaState.Active, outcome.Notes[^1], outcome);
            }
            else
            {
                // Neither side can serve: the unit stays quiesced (serving nothing) until it is fenced and released.
                outcome.Notes.Add($"switchover of {instance} stalled: {unitName} failed while quiescing and no standby is in service");
            }

            Reconcile_NeedsLock(at, outcome);
            return outcome.Build();
        }
    }
}

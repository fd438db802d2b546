using Nines.Availability.Model;
using Nines.Availability.Recovery;
using Nines.Availability.Redundancy;
using Nines.Domain.Scenarios;

namespace Nines.Availability.Engine;

/// <summary>
/// The availability manager of one service group: it takes observations (failures), lifecycle reports
/// (ready, fenced, quiesced) and admin requests (switchover), asks the recovery policy and the redundancy
/// policy what to do, and records every decision and every HA-state transition in order. It does no I/O:
/// time comes in with each call and the returned <see cref="EngineOutcome.Steps"/> go to an
/// <see cref="IRecoveryApplier"/>. Calls are serialized on one lock.
/// </summary>
/// <remarks>
/// Split brain is prevented by construction: an instance's assignment is taken from a unit only when the unit
/// is known dead (its process exited, or it was fenced), and a unit becomes active for an instance of a 2N,
/// N+M or no-redundancy group only when no other unit holds it as active or quiescing (the policies also wait
/// while a switchover holds it quiesced; only the switchover itself promotes then). The engine
/// checks this on every transition and throws rather than record a second active.
/// </remarks>
public sealed partial class AvailabilityEngine
{
    private readonly Lock _gate = new();
    private readonly IRedundancyPolicy _policy;
    private readonly Func<string, RecoveryConfig> _configOf;
    private readonly IAvailabilityEventSink? _events;
    private readonly List<HaTransition> _transitions = [];
    private readonly List<RecoveryDecision> _decisions = [];
    private readonly List<RecoveryRecord> _history = [];
    private ServiceGroup _group;
    private IReadOnlyList<string> _lastNotes = [];

    /// <summary>
    /// An engine for <paramref name="group"/>. <paramref name="policy"/> defaults to the group's model;
    /// <paramref name="recoveryConfigOf"/> gives each unit's recovery configuration (default
    /// <see cref="RecoveryConfig.Default"/>).
    /// </summary>
    public AvailabilityEngine(
        ServiceGroup group,
        IRedundancyPolicy? policy = null,
        Func<string, RecoveryConfig>? recoveryConfigOf = null,
        IAvailabilityEventSink? events = null)
    {
        ArgumentNullException.ThrowIfNull(group);
        _group = group;
        _policy = policy ?? RedundancyPolicies.For(group.Model);
        _configOf = recoveryConfigOf ?? (_ => RecoveryConfig.Default);
        _events = events;
    }

    /// <summary>The group as it is now.</summary>
    public ServiceGroup Group
    {
        get
        {
            lock (_gate)
            {
                return _group;
            }
        }
    }

    /// <summary>Every HA-state transition so far, in order.</summary>
    public IReadOnlyList<HaTransition> Transitions
    {
        get
        {
            lock (_gate)
            {
                return [.. _transitions];
            }
        }
    }

    /// <summary>Every recovery decision so far, in order.</summary>
    public IReadOnlyList<RecoveryDecision> Decisions
    {
        get
        {
            lock (_gate)
            {
                return [.. _decisions];
            }
        }
    }

    /// <summary>True when at most one unit may be active for an instance (every model but N-way-active).</summary>
    private bool SingleActive => _group.Model != RedundancyModel.NWayActive;

    /// <summary>Makes the first assignments (and asks for missing units).</summary>
    public EngineOutcome Start(DateTimeOffset at)
    {
        lock (_gate)
        {
            var outcome = new OutcomeBuilder();
            Reconcile_NeedsLock(at, outcome);
            return outcome.Build();
        }
    }

    /// <summary>Handles a failure signal: decides the recovery, records it, and re-plans the assignments.</summary>
    public EngineOutcome Observe(HealthObservation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        lock (_gate)
        {
            var outcome = new OutcomeBuilder();
            var at = observation.At;
            var unit = _group.FindUnit(observation.Unit);
            if (unit is null || unit.KnownDead)
            {
                outcome.Notes.Add($"observation {observation.Signal} of unit {observation.Unit} ignored: the unit is unknown or already dead");
                return outcome.Build();
            }

            if (unit.Locked)
            {
                // Being moved on purpose: its process stops at the source, and that is no failure.
                outcome.Notes.Add($"observation {observation.Signal} of unit {observation.Unit} ignored: the unit is locked for a move");
                return outcome.Build();
            }

            if (unit.Operational == UnitOperationalState.Disabled)
            {
                // Already being recovered: only the proof of death matters now (the fence or restart took effect).
                if (observation.ProvesDead)
                {
                    MarkDead_NeedsLock(at, unit.Name, $"unit {unit.Name} is dead ({observation.Signal})", outcome);
                    Reconcile_NeedsLock(at, outcome);
                }

                return outcome.Build();
            }

            var decision = RecoveryPolicy.Decide(_group.Name, unit, observation, _configOf(unit.Name), _history);
            _decisions.Add(decision);
            _history.Add(new RecoveryRecord(unit.Name, unit.Host, decision.Action, at));
            outcome.Decisions.Add(decision);
            Publish(at, AvailabilityEventKind.RecoveryDecided, $"{decision.Action}: {decision.Reason}", unit.Name);
            Apply_NeedsLock(decision, observation.ProvesDead, outcome);
            Reconcile_NeedsLock(at, outcome);
            return outcome.Build();
        }
    }

    private void Apply_NeedsLock(RecoveryDecision decision, bool dead, OutcomeBuilder outcome)
    {
        var at = decision.At;
        var unit = _group.FindUnit(decision.Unit)!;
        if (decision.FenceFirst)
        {
            outcome.Step(new AvailabilityStep(StepKind.Fence, _group.Name, decision.Reason, unit.Name, unit.Host));
        }

        switch (decision.Action)
        {
            case RecoveryAction.NotifyOnly:
                outcome.Step(new AvailabilityStep(StepKind.Notify, _group.Name, decision.Reason, unit.Name, unit.Host));
                if (dead)
                {
                    SetUnit_NeedsLock(at, unit with { Operational = UnitOperationalState.Disabled }, "failed; notify only, not recovered");
                }

                break;
            case RecoveryAction.Migrate:
                outcome.Step(new AvailabilityStep(StepKind.Migrate, _group.Name, decision.Reason, unit.Name, unit.Host));
                break;
            case RecoveryAction.Restart or RecoveryAction.Reset:
                SetUnit_NeedsLock(at, unit with { Operational = UnitOperationalState.Disabled, Presence = UnitPresence.Restarting }, $"failed; {decision.Action}");
                var kind = decision.Action == RecoveryAction.Restart ? StepKind.Restart : StepKind.Reset;
                outcome.Step(new AvailabilityStep(kind, _group.Name, decision.Reason, unit.Name, unit.Host));
                break;
            case RecoveryAction.Failover:
                SetUnit_NeedsLock(at, unit with { Operational = UnitOperationalState.Disabled, Presence = UnitPresence.Terminated }, "failed; given up (failover)");
                outcome.Step(new AvailabilityStep(StepKind.Destroy, _group.Name, decision.Reason, unit.Name, unit.Host));
                break;
            default:
                FailHost_NeedsLock(decision, outcome);
                break;
        }

        if (dead)
        {
            MarkDead_NeedsLock(at, unit.Name, $"unit {unit.Name} is dead ({decision.Signal})", outcome);
        }
    }

    private void FailHost_NeedsLock(RecoveryDecision decision, OutcomeBuilder outcome)
    {
        var at = decision.At;
        _group = _group with { FailedHosts = [.. _group.FailedHosts.Where(h => h != decision.Host), decision.Host] };
        outcome.Step(new AvailabilityStep(StepKind.FenceHost, _group.Name, decision.Reason, Host: decision.Host));
        foreach (var unit in _group.LiveUnits.Where(u => u.Host == decision.Host).ToList())
        {
            SetUnit_NeedsLock(at, unit with { Operational = UnitOperationalState.Disabled, Presence = UnitPresence.Terminated }, $"host {decision.Host} failed over");
            outcome.Step(new AvailabilityStep(StepKind.Destroy, _group.Name, decision.Reason, unit.Name, unit.Host));
        }
    }
}

using Nines.Availability.Engine;
using Nines.Availability.Model;
using Nines.Availability.Recovery;
using Nines.Domain.Scenarios;
using Nines.Testing;

namespace Nines.Availability.Tests.Engine;

/// <summary>One generated operation: what happens next to the group (indexes are taken modulo what exists then).</summary>
internal sealed record SimOp(int Kind, int A, int B);

/// <summary>A generated world: the group's members, every unit's recovery config, and the story.</summary>
internal sealed record SimCase(RedundancyModel Model, (string Unit, string Host)[] Members, RecoveryConfig Config, SimOp[] Ops);

/// <summary>
/// Drives an engine through a generated story on a fake clock, acting as monitor and applier: failures of any
/// kind, fences, restarts coming back, replacements arriving, host fences, switchovers and quiesce reports.
/// Checks after every call that no dead unit holds anything and every active is on a unit that may serve.
/// </summary>
internal sealed class EngineSimulation
{
    private static readonly HealthSignal[] _signals = Enum.GetValues<HealthSignal>();
    private readonly FakeTimeProvider _clock = new(Groups.T0);
    private int _newUnits;

    public EngineSimulation(SimCase simCase)
    {
        var spec = new RedundancyGroupSpec(
            "svc",
            simCase.Model,
            [.. simCase.Members.Select(m => m.Unit)],
            simCase.Model == RedundancyModel.NPlusM ? 2 : null,
            simCase.Model == RedundancyModel.NPlusM ? 1 : null);
        var group = ServiceGroupBuilder.FromSpec(spec, simCase.Members.ToDictionary(m => m.Unit, m => m.Host));
        Engine = new AvailabilityEngine(group, recoveryConfigOf: _ => simCase.Config, events: Events);
    }

    public AvailabilityEngine Engine { get; }

    public AvailabilityEventLog Events { get; } = new();

    public int SwitchoversCompleted { get; private set; }

    public int FencesBeforeTakeover { get; private set; }

    private DateTimeOffset Now => _clock.GetUtcNow();

    public void Run(IEnumerable<SimOp> ops)
    {
        Check(Engine.Start(Now));
        foreach (var op in ops)
        {
            Check(Step(op));
        }
    }

    /// <summary>Lets every pending recovery finish: fences land, restarts and replacements come up, quiesces end.</summary>
    public void Settle()
    {
        for (var round = 0; round < 20; round++)
        {
            var group = Engine.Group;
            var hung = group.Units.FirstOrDefault(u => u.Operational == UnitOperationalState.Disabled && !u.KnownDead && u.Presence != UnitPresence.Instantiated);
            var restarting = group.Units.FirstOrDefault(u => u.Presence == UnitPresence.Restarting);
            var quiescing = group.Assignments.FirstOrDefault(a => a.State == HaState.Quiescing);
            if (hung is not null)
            {
                Check(Engine.UnitFenced(hung.Name, Now));
            }
            else if (restarting is not null)
            {
                Check(Engine.UnitReady(restarting.Name, restarting.Host, Now));
            }
            else if (group.PendingInstantiations > 0)
            {
                Check(Engine.UnitReady($"n{++_newUnits}", $"fresh{_newUnits}", Now));
            }
            else if (quiescing is not null)
            {
                Check(Engine.QuiesceCompleted(quiescing.Unit, quiescing.Instance, Now));
            }
            else
            {
                return;
            }
        }
    }

    private EngineOutcome Step(SimOp op)
    {
        var group = Engine.Group;
        var live = group.LiveUnits.ToList();
        var hosts = group.Units.Select(u => u.Host).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        switch (op.Kind)
        {
            case 0 or 1 or 2 when live.Count > 0:
                var unit = live[op.A % live.Count];
                return Engine.Observe(new HealthObservation(unit.Name, _signals[op.B % _signals.Length], Now));
            case 3:
                var pending = group.Units.Where(u => !u.KnownDead && u.Operational == UnitOperationalState.Disabled).ToList();
                var target = pending.Count > 0 ? pending[op.A % pending.Count] : live.Count > 0 ? live[op.A % live.Count] : null;
                if (target is null)
                {
                    break;
                }

                FencesBeforeTakeover += Engine.Group.AssignmentsOf(target.Name).Any(a => a.State != HaState.Standby) ? 1 : 0;
                return Engine.UnitFenced(target.Name, Now);
            case 4:
                var back = group.Units.Where(u => u.Presence == UnitPresence.Restarting).ToList();
                if (group.PendingInstantiations > 0 && (back.Count == 0 || op.B % 2 == 0))
                {
                    _newUnits++;
                    var host = op.A % 3 == 0 ? $"fresh{_newUnits}" : hosts[op.A % hosts.Count];
                    return Engine.UnitReady($"n{_newUnits}", host, Now);
                }

                if (back.Count > 0)
                {
                    var restarted = back[op.A % back.Count];
                    return Engine.UnitReady(restarted.Name, restarted.Host, Now);
                }

                break;
            case 5:
                return Engine.HostFenced(hosts[op.A % hosts.Count], Now);
            case 6:
                return Engine.RequestSwitchover(group.Instances[op.A % group.Instances.Count].Name, Now);
            case 7:
                var quiescing = group.Assignments.Where(a => a.State == HaState.Quiescing).ToList();
                if (quiescing.Count > 0)
                {
                    var q = quiescing[op.A % quiescing.Count];
                    var done = Engine.QuiesceCompleted(q.Unit, q.Instance, Now);
                    SwitchoversCompleted += done.Transitions.Count(t => t.From == HaState.Quiesced && t.To == HaState.Standby);
                    return done;
                }

                break;
            default:
                _clock.Advance(TimeSpan.FromSeconds(1 + (op.A % 400)));
                break;
        }

        return new EngineOutcome([], [], [], []);
    }

    private void Check(EngineOutcome outcome)
    {
        var group = Engine.Group;
        foreach (var a in group.Assignments)
        {
            var unit = group.FindUnit(a.Unit)!;
            unit.KnownDead.ShouldBeFalse($"dead unit {a.Unit} still holds {a.Instance} {a.State}");
            if (a.State == HaState.Active && unit.Operational == UnitOperationalState.Enabled)
            {
                unit.Presence.ShouldBe(UnitPresence.Instantiated, $"active {a.Unit} is not instantiated");
            }
        }

        outcome.Decisions.ShouldAllBe(d => d.Reason.Length > 0);
    }
}

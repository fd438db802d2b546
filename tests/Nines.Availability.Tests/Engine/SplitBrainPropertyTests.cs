using System.Collections.Concurrent;
using FsCheck;
using FsCheck.Fluent;
using Nines.Availability.Engine;
using Nines.Availability.Model;
using Nines.Availability.Recovery;
using Nines.Domain.Scenarios;

namespace Nines.Availability.Tests.Engine;

/// <summary>
/// For every redundancy model and every escalation path, over random stories on a fake clock: replaying the
/// engine's transition log, at no instant do two units serve one instance (active or quiescing), the
/// log rebuilds exactly the group's assignments, and once recoveries settle no instance lacks an active while
/// an idle unit could take it.
/// </summary>
public sealed class SplitBrainPropertyTests
{
    private static readonly RecoveryAction[] _firstActions =
        [RecoveryAction.Restart, RecoveryAction.Restart, RecoveryAction.Reset, RecoveryAction.Failover, RecoveryAction.Migrate, RecoveryAction.NotifyOnly];

    [Theory]
    [InlineData(RedundancyModel.TwoN)]
    [InlineData(RedundancyModel.NPlusM)]
    [InlineData(RedundancyModel.NWayActive)]
    [InlineData(RedundancyModel.None)]
    public void Engine_RandomStories_NeverTwoServingUnitsAndServiceRestored(RedundancyModel model)
    {
        var seen = new ConcurrentDictionary<string, int>();
        Prop.ForAll(Cases(model).ToArbitrary(), simCase =>
        {
            var sim = new EngineSimulation(simCase);
            sim.Run(simCase.Ops);
            sim.Settle();
            ReplayHoldsInvariant(sim.Engine);
            NoInstanceUnservedWhileAUnitIsIdle(sim.Engine.Group);
            foreach (var decision in sim.Engine.Decisions)
            {
                seen.AddOrUpdate(decision.Action.ToString(), 1, (_, n) => n + 1);
                if (decision.EscalatedFrom is { } from)
                {
                    seen.AddOrUpdate($"{from}→{decision.Action}", 1, (_, n) => n + 1);
                }
            }

            seen.AddOrUpdate("switchover", sim.SwitchoversCompleted, (_, n) => n + sim.SwitchoversCompleted);
            seen.AddOrUpdate("fence-then-takeover", sim.FencesBeforeTakeover, (_, n) => n + sim.FencesBeforeTakeover);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(250));

        // The stories must really take every path, or the property above proves little.
        string[] paths = ["Restart", "Reset", "Failover", "HostFailover", "Migrate", "NotifyOnly", "Restart→Failover", "Restart→HostFailover", "Failover→HostFailover", "fence-then-takeover"];
        foreach (var path in paths)
        {
            seen.GetValueOrDefault(path).ShouldBeGreaterThan(0, $"no story took the path {path}");
        }

        if (model is RedundancyModel.TwoN or RedundancyModel.NPlusM)
        {
            seen.GetValueOrDefault("switchover").ShouldBeGreaterThan(0, "no story completed a switchover");
        }
    }

    private static Gen<SimCase> Cases(RedundancyModel model)
    {
        var minUnits = model switch { RedundancyModel.TwoN => 2, RedundancyModel.NPlusM => 3, _ => 1 };
        var op = from kind in Gen.Frequency((6, Gen.Choose(0, 2)), (2, Gen.Choose(3, 3)), (3, Gen.Choose(4, 4)), (1, Gen.Choose(5, 5)), (2, Gen.Choose(6, 7)), (2, Gen.Choose(8, 8)))
                 from a in Gen.Choose(0, 1000)
                 from b in Gen.Choose(0, 1000)
                 select new SimOp(kind, a, b);
        return from unitCount in Gen.Choose(minUnits, 5)
               from hostIndexes in Gen.ArrayOf(Gen.Choose(1, 3), unitCount)
               from first in Gen.Elements(_firstActions)
               from restartMax in Gen.Choose(0, 3)
               from failoverMax in Gen.Choose(0, 2)
               from restartWindow in Gen.Choose(10, 900)
               from failoverWindow in Gen.Choose(60, 3600)
               from length in Gen.Choose(1, 60)
               from ops in Gen.ArrayOf(op, length)
               select new SimCase(
                   model,
                   [.. hostIndexes.Select((h, i) => ($"u{i}", $"h{h}"))],
                   new RecoveryConfig(first, restartMax, TimeSpan.FromSeconds(restartWindow), failoverMax, TimeSpan.FromSeconds(failoverWindow)),
                   ops);
    }

    private static void ReplayHoldsInvariant(AvailabilityEngine engine)
    {
        var group = engine.Group;
        var held = new Dictionary<(string Unit, string Instance), HaState>();
        var sequence = 0L;
        foreach (var t in engine.Transitions)
        {
            t.Sequence.ShouldBe(++sequence);
            if (t.From is { } from)
            {
                held.GetValueOrDefault((t.Unit, t.Instance), (HaState)(-1)).ShouldBe(from, $"transition {t.Sequence} starts from a state the unit did not hold");
                held.Remove((t.Unit, t.Instance));
            }
            else
            {
                held.ContainsKey((t.Unit, t.Instance)).ShouldBeFalse($"transition {t.Sequence} assigns {t.Instance} twice to {t.Unit}");
            }

            if (t.To is { } to)
            {
                held[(t.Unit, t.Instance)] = to;
            }

            if (group.Model != RedundancyModel.NWayActive)
            {
                var serving = held.Count(h => h.Key.Instance == t.Instance && h.Value is HaState.Active or HaState.Quiescing);
                serving.ShouldBeLessThanOrEqualTo(1, $"split brain after transition {t.Sequence}: {t}");
            }
        }

        held.Select(h => new Assignment(h.Key.Unit, h.Key.Instance, h.Value)).OrderBy(a => a.Unit, StringComparer.Ordinal).ThenBy(a => a.Instance, StringComparer.Ordinal)
            .ShouldBe(group.Assignments.OrderBy(a => a.Unit, StringComparer.Ordinal).ThenBy(a => a.Instance, StringComparer.Ordinal));
    }

    private static void NoInstanceUnservedWhileAUnitIsIdle(ServiceGroup group)
    {
        var idle = group.LiveUnits.Where(u => u.InService && !group.AssignmentsOf(u.Name).Any()).Select(u => u.Name).ToList();
        foreach (var instance in group.Instances)
        {
            var served = group.AssignmentsFor(instance.Name).Any(a => a.State == HaState.Active);
            (served || idle.Count == 0).ShouldBeTrue($"{instance.Name} has no active while {string.Join(", ", idle)} idle");
        }
    }
}

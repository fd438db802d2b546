using Nines.Availability.Engine;
using Nines.Availability.Model;
using Nines.Availability.Recovery;

namespace Nines.Availability.Tests.Engine;

public sealed class AvailabilityEngineTests
{
    private static readonly DateTimeOffset _t0 = Groups.T0;

    [Fact]
    public void Start_TwoN_RecordsActiveAndStandbyAndPublishesSetHaStateSteps()
    {
        var events = new AvailabilityEventLog();
        var engine = new AvailabilityEngine(Groups.TwoN(), events: events);

        var outcome = engine.Start(_t0);

        States(engine).ShouldBe(["a:svc:Active", "b:svc:Standby"]);
        outcome.Steps.Select(s => (s.Kind, s.Unit, s.HaState)).ShouldBe([(StepKind.SetHaState, "a", HaState.Active), (StepKind.SetHaState, "b", HaState.Standby)]);
        events.Events.Count(e => e.Kind == AvailabilityEventKind.HaStateChanged).ShouldBe(2);
    }

    [Fact]
    public void Observe_ActiveProcessKilled_StandbyActiveInSameOutcomeAndRestartedUnitBecomesStandby()
    {
        var engine = Started();

        var outcome = engine.Observe(new HealthObservation("a", HealthSignal.ProcessExited, _t0.AddSeconds(1), "signal 9"));

        outcome.Decisions.Single().Action.ShouldBe(RecoveryAction.Restart);
        outcome.Transitions.Select(Text).ShouldBe(["a:svc:Active→-", "b:svc:Standby→Active"]);
        outcome.Steps.Select(s => s.Kind).ShouldBe([StepKind.Restart, StepKind.SetHaState, StepKind.SetHaState]);

        engine.UnitReady("a", "h1", _t0.AddSeconds(3));

        States(engine).ShouldBe(["a:svc:Standby", "b:svc:Active"]);
    }

    [Fact]
    public void Observe_ActiveHung_StandbyWaitsUntilTheHungUnitIsFenced()
    {
        var engine = Started();

        var outcome = engine.Observe(new HealthObservation("a", HealthSignal.HeartbeatLost, _t0.AddSeconds(1)));

        outcome.Steps.Select(s => s.Kind).ShouldBe([StepKind.Fence, StepKind.Restart]);
        outcome.Transitions.ShouldBeEmpty();
        States(engine).ShouldBe(["a:svc:Active", "b:svc:Standby"]);

        var fenced = engine.UnitFenced("a", _t0.AddSeconds(2));

        fenced.Transitions.Select(Text).ShouldBe(["a:svc:Active→-", "b:svc:Standby→Active"]);
    }

    [Fact]
    public void Observe_DeathOfUnitBeingFenced_CountsAsFenceWithoutASecondDecision()
    {
        var engine = Started();
        engine.Observe(new HealthObservation("a", HealthSignal.WatchdogFired, _t0.AddSeconds(1)));

        var outcome = engine.Observe(new HealthObservation("a", HealthSignal.ProcessExited, _t0.AddSeconds(2)));

        outcome.Decisions.ShouldBeEmpty();
        States(engine).ShouldBe(["b:svc:Active"]);
        engine.Decisions.Count.ShouldBe(1);
    }

    [Fact]
    public void Observe_RestartsExhausted_FailsOverAndInstantiatesAReplacementOnAnotherHost()
    {
        var engine = Started(new RecoveryConfig(RestartMax: 1));
        engine.Observe(new HealthObservation("a", HealthSignal.ProcessExited, _t0.AddSeconds(1)));
        engine.UnitReady("a", "h1", _t0.AddSeconds(2));
        engine.Observe(new HealthObservation("b", HealthSignal.ProcessExited, _t0.AddSeconds(3)));
        engine.UnitReady("b", "h2", _t0.AddSeconds(4));

        var outcome = engine.Observe(new HealthObservation("a", HealthSignal.ProcessExited, _t0.AddSeconds(5)));

        outcome.Decisions.Single().Action.ShouldBe(RecoveryAction.Failover);
        outcome.Steps.Select(s => s.Kind).ShouldContain(StepKind.Destroy);
        var instantiate = outcome.Steps.Single(s => s.Kind == StepKind.Instantiate);
        instantiate.Request!.AvoidHosts.ShouldBe(["h2"]);
        instantiate.Request.AvoidIfPossible.ShouldBe(["h1"]);
        engine.Group.FindUnit("a")!.Presence.ShouldBe(UnitPresence.Terminated);
        engine.Group.PendingInstantiations.ShouldBe(1);

        engine.UnitReady("a2", "h3", _t0.AddSeconds(6));

        States(engine).ShouldBe(["a2:svc:Standby", "b:svc:Active"]);
        engine.Group.PendingInstantiations.ShouldBe(0);
        engine.UnitReady("a", "h1", _t0.AddSeconds(7)).Steps.Single().Kind.ShouldBe(StepKind.Destroy);
    }

    [Fact]
    public void UnitReinstantiated_GivenUpUnitOnAnotherHost_RejoinsAsStandbyWithTheLowestPreference()
    {
        var engine = Started(new RecoveryConfig(OnFailure: RecoveryAction.Failover));
        engine.Observe(new HealthObservation("a", HealthSignal.ProcessExited, _t0.AddSeconds(1)));
        engine.Group.PendingInstantiations.ShouldBe(1);

        var outcome = engine.UnitReinstantiated("a", "h3", _t0.AddSeconds(2));

        States(engine).ShouldBe(["a:svc:Standby", "b:svc:Active"]);
        outcome.Transitions.Select(Text).ShouldBe(["a:svc:-→Standby"]);
        var unit = engine.Group.FindUnit("a")!;
        (unit.Host, unit.Presence, unit.InService, unit.KnownDead).ShouldBe(("h3", UnitPresence.Instantiated, true, false));
        unit.Rank.ShouldBeGreaterThan(engine.Group.FindUnit("b")!.Rank);
        engine.Group.PendingInstantiations.ShouldBe(0);
    }

    [Fact]
    public void UnitReinstantiated_NothingPendingOrNotGivenUp_ChangesNothing()
    {
        var engine = Started();

        engine.UnitReinstantiated("a", "h3", _t0.AddSeconds(1)).Notes.ShouldHaveSingleItem().ShouldContain("not given up");

        engine.Observe(new HealthObservation("a", HealthSignal.ProcessExited, _t0.AddSeconds(2)));
        engine.UnitReady("a", "h1", _t0.AddSeconds(3));
        engine.UnitReinstantiated("a", "h3", _t0.AddSeconds(4)).Notes.ShouldHaveSingleItem();
        engine.Group.FindUnit("a")!.Host.ShouldBe("h1");
    }

    [Fact]
    public void Observe_FailoversExhausted_FencesTheHostAndNeverPlacesThereAgain()
    {
        var group = Groups.Build(Nines.Domain.Scenarios.RedundancyModel.TwoN, ("a", "h1"), ("b", "h2"), ("c", "h2"));
        var engine = new AvailabilityEngine(group, recoveryConfigOf: _ => new RecoveryConfig(OnFailure: RecoveryAction.Failover, FailoverMax: 1));
        engine.Start(_t0);
        engine.Observe(new HealthObservation("b", HealthSignal.ProcessExited, _t0.AddSeconds(1)));

        var outcome = engine.Observe(new HealthObservation("c", HealthSignal.HeartbeatLost, _t0.AddSeconds(2)));

        outcome.Decisions.Single().Action.ShouldBe(RecoveryAction.HostFailover);
        outcome.Steps.Select(s => s.Kind).ShouldContain(StepKind.FenceHost);
        engine.Group.FailedHosts.ShouldBe(["h2"]);
        outcome.Steps.Where(s => s.Kind == StepKind.Instantiate).ShouldAllBe(s => s.Request!.AvoidHosts.Contains("h2"));
    }

    [Fact]
    public void RequestSwitchover_TwoN_QuiescesThenHandsOverInOrder()
    {
        var engine = Started();

        var quiesce = engine.RequestSwitchover("svc", _t0.AddSeconds(1));
        quiesce.Transitions.Select(Text).ShouldBe(["a:svc:Active→Quiescing"]);
        engine.RequestSwitchover("svc", _t0.AddSeconds(1)).Notes.Single().ShouldContain("already in progress");

        var done = engine.QuiesceCompleted("a", "svc", _t0.AddSeconds(2));

        done.Transitions.Select(Text).ShouldBe(["a:svc:Quiescing→Quiesced", "b:svc:Standby→Active", "a:svc:Quiesced→Standby"]);
        States(engine).ShouldBe(["a:svc:Standby", "b:svc:Active"]);
    }

    [Fact]
    public void LockUnit_ActiveAfterSwitchoverThenMoved_NoRecoveryWhileLockedAndStandsByOnItsNewHost()
    {
        var engine = Started();
        engine.LockUnit("a", _t0.AddSeconds(1)).Notes.Single().ShouldBe("lock refused: unit a is Active for svc: switch it over first");
        engine.RequestSwitchover("svc", _t0.AddSeconds(1));
        engine.QuiesceCompleted("a", "svc", _t0.AddSeconds(2));

        var locked = engine.LockUnit("a", _t0.AddSeconds(3));
        var exited = engine.Observe(new HealthObservation("a", HealthSignal.ProcessExited, _t0.AddSeconds(4), "stopped by the move"));
        var moved = engine.UnlockUnit("a", "h3", _t0.AddSeconds(5));

        locked.Transitions.Select(Text).ShouldBe(["a:svc:Standby→-"]);
        engine.LockUnit("b", _t0.AddSeconds(3)).Notes.Single().ShouldContain("Active for svc");
        exited.Steps.ShouldBeEmpty();
        exited.Notes.Single().ShouldContain("locked for a move");
        engine.Decisions.ShouldBeEmpty();
        moved.Transitions.Select(Text).ShouldBe(["a:svc:-→Standby"]);
        engine.Group.FindUnit("a").ShouldBe(new ServiceUnit("a", "h3", 0));
        States(engine).ShouldBe(["a:svc:Standby", "b:svc:Active"]);
        engine.UnlockUnit("a", "h3", _t0.AddSeconds(6)).Notes.Single().ShouldContain("not locked");
    }

    [Fact]
    public void LockUnit_OnlyStandbyOfNPlusM_ReleasedAndTheSpareStandsByInstead()
    {
        var engine = new AvailabilityEngine(Groups.Build(Nines.Domain.Scenarios.RedundancyModel.NPlusM, 1, 1, ("a", "h1"), ("b", "h2"), ("c", "h3")));
        engine.Start(_t0);
        var (standby, instance) = engine.Group.Assignments.Where(a => a.State == HaState.Standby).Select(a => (a.Unit, a.Instance)).Single();

        var outcome = engine.LockUnit(standby, _t0.AddSeconds(1));

        outcome.Transitions.Select(Text).First().ShouldBe($"{standby}:{instance}:Standby→-");
        engine.Group.Assignments.Where(a => a.State == HaState.Standby).Select(a => a.Unit).ShouldHaveSingleItem().ShouldNotBe(standby);
        engine.Group.Assignments.Count(a => a.State == HaState.Active).ShouldBe(1);
    }

    [Fact]
    public void RequestSwitchover_QuiescingUnitDies_StandbyTakesOverAtOnce()
    {
        var engine = Started();
        engine.RequestSwitchover("svc", _t0.AddSeconds(1));

        var outcome = engine.Observe(new HealthObservation("a", HealthSignal.ProcessExited, _t0.AddSeconds(2)));

        outcome.Transitions.Select(Text).ShouldBe(["a:svc:Quiescing→-", "b:svc:Standby→Active"]);
    }

    [Fact]
    public void RequestSwitchover_NoStandbyOrNWayActive_RefusedWithReasonAndNothingChanged()
    {
        var engine = Started();
        engine.Observe(new HealthObservation("b", HealthSignal.ProcessExited, _t0.AddSeconds(1)));
        var nway = new AvailabilityEngine(Groups.Build(Nines.Domain.Scenarios.RedundancyModel.NWayActive, ("a", "h1"), ("b", "h2")));
        nway.Start(_t0);

        engine.RequestSwitchover("svc", _t0.AddSeconds(2)).Notes.Single().ShouldBe("switchover refused: instance svc has no standby in service");
        nway.RequestSwitchover("svc", _t0).Notes.Single().ShouldContain("has no standby to switch over to");
        States(engine).ShouldBe(["a:svc:Active"]);
    }

    [Fact]
    public void Observe_NotifyOnly_KeepsAssignmentsOfALiveUnitAndReportsTheReason()
    {
        var events = new AvailabilityEventLog();
        var engine = new AvailabilityEngine(Groups.TwoN(), recoveryConfigOf: _ => new RecoveryConfig(OnFailure: RecoveryAction.NotifyOnly), events: events);
        engine.Start(_t0);

        var outcome = engine.Observe(new HealthObservation("a", HealthSignal.HealthCommandFailed, _t0.AddSeconds(1), "exit 1"));

        outcome.Steps.Single().Kind.ShouldBe(StepKind.Notify);
        States(engine).ShouldBe(["a:svc:Active", "b:svc:Standby"]);
        events.Events.ShouldContain(e => e.Kind == AvailabilityEventKind.RecoveryDecided && e.Message.Contains("health command failed (exit 1)", StringComparison.Ordinal));
    }

    [Fact]
    public void HostFenced_UnitBeingRestartedThere_IsGivenUpAndAReplacementIsAskedForElsewhere()
    {
        var engine = Started();
        engine.Observe(new HealthObservation("a", HealthSignal.HealthCommandFailed, _t0.AddSeconds(1)));
        engine.UnitFenced("a", _t0.AddSeconds(2));
        engine.Group.FindUnit("a")!.Presence.ShouldNotBe(UnitPresence.Terminated);

        var outcome = engine.HostFenced("h1", _t0.AddSeconds(3));

        engine.Group.FindUnit("a")!.Presence.ShouldBe(UnitPresence.Terminated);
        outcome.Steps.Single(s => s.Kind == StepKind.Instantiate).Request!.AvoidHosts.ShouldContain("h2");
        engine.Group.PendingInstantiations.ShouldBe(1);
        States(engine).ShouldBe(["b:svc:Active"]);
        engine.UnitReady("a", "h1", _t0.AddSeconds(4)).Steps.Single().Kind.ShouldBe(StepKind.Destroy);
    }

    [Fact]
    public void Observe_UnknownUnit_IgnoredWithNote()
    {
        var engine = Started();

        engine.Observe(new HealthObservation("zz", HealthSignal.ProcessExited, _t0)).Notes.Single().ShouldContain("unknown or already dead");
    }

    private static AvailabilityEngine Started(RecoveryConfig? config = null)
    {
        var engine = new AvailabilityEngine(Groups.TwoN(), recoveryConfigOf: config is null ? null : _ => config);
        engine.Start(_t0);
        return engine;
    }

    private static List<string> States(AvailabilityEngine engine) =>
        [.. engine.Group.Assignments.Select(a => $"{a.Unit}:{a.Instance}:{a.State}").Order(StringComparer.Ordinal)];

    private static string Text(HaTransition t) => $"{t.Unit}:{t.Instance}:{t.From?.ToString() ?? "-"}→{t.To?.ToString() ?? "-"}";
}

using Nines.Contracts.Model;
using Nines.Controller.Reconciliation;
using static Nines.Controller.Tests.Reconciliation.DeployPassFixture;

namespace Nines.Controller.Tests.Reconciliation;

/// <summary>
/// The deploy pass's decisions without a store or an agent, on a fake clock: desired, observed and now in, steps out.
/// One test per decision path (new deployment, steady, break before make, host lost, host back, undeploy, errors).
/// </summary>
public sealed class DeployPassTests
{
    [Fact]
    public void Compute_NewDeployment_CommitsAPlanOnTheUndrainedHostsThenComputesAgain()
    {
        var now = Clock().GetUtcNow();

        var actions = Pass.Compute(Desired(Stored(), Deploying(now)), Observed(["h1", "h2", "h3"], null, drained: ["h3"]), now);

        actions.ComputeAgain.ShouldBeTrue("the pass deploys the plan it committed");
        var commit = actions.Steps.ShouldHaveSingleItem().ShouldBeOfType<CommitPlan>();
        commit.Plan.Generation.ShouldBe(1);
        commit.Plan.CommittedAt.ShouldBe(now);
        commit.Plan.Placements.Keys.Order().ShouldBe(["a", "b", "c"]);
        commit.Plan.Placements.Values.ShouldAllBe(h => h == "h1" || h == "h2", "h3 is drained");
        commit.Events[0].Kind.ShouldBe("Planned");
    }

    [Fact]
    public void Compute_Planned_ConvergesEachPlanHostWithItsVmsAndThePlanRevision()
    {
        var now = Clock().GetUtcNow();
        var stored = Stored(Placed("h1", "h2", "h2"), revision: 42);

        var actions = Pass.Compute(Desired(stored, Deploying(now)), Observed("h1", "h2", "h3"), now);

        actions.ComputeAgain.ShouldBeTrue("the hosts' answers are judged in the same pass");
        var sets = actions.Steps.ShouldHaveSingleItem().ShouldBeOfType<ConvergeHosts>().Sets;
        sets.Select(s => s.Host).ShouldBe(["h1", "h2"]);
        sets.ShouldAllBe(s => s.Desired.PlanRevision == 42 && s.Desired.DeploymentId == "acme.lab");
        sets[0].Desired.Vms.Select(v => v.Name).ShouldBe(["a"]);
        sets[1].Desired.Vms.Select(v => v.Name).ShouldBe(["b", "c"]);
    }

    [Fact]
    public void Compute_SpecWrittenAgain_DesiredSetsCarryTheRevisionTheyWereBuiltFrom()
    {
        var now = Clock().GetUtcNow();

        var older = Pass.Compute(Desired(Stored(Placed("h1", "h1", "h1"), revision: 7), Deploying(now)), Observed("h1"), now);
        var newer = Pass.Compute(Desired(Stored(Placed("h1", "h1", "h1"), revision: 8), Deploying(now)), Observed("h1"), now);

        older.Single<ConvergeHosts>().Sets.ShouldHaveSingleItem().Desired.PlanRevision.ShouldBe(7, "an agent that applied revision 8 refuses this set");
        newer.Single<ConvergeHosts>().Sets.ShouldHaveSingleItem().Desired.PlanRevision.ShouldBe(8);
    }

    [Fact]
    public void Compute_VmMovedAway_ItsOldHostIsEmptiedOrConvergedBeforeTheOthers()
    {
        var now = Clock().GetUtcNow();
        var status = Recorded(DeploymentPhase.Running, ("a", "h3", VmPhase.Running), ("b", "h2", VmPhase.Running), ("c", "h2", VmPhase.Absent));

        var outOfPlan = Pass.Compute(Desired(Stored(Placed("h1", "h2", "h2")), Deploying(now)), Observed(["h1", "h2", "h3"], status), now);
        var stillInPlan = Pass.Compute(Desired(Stored(Placed("h1", "h1", "h2")), Deploying(now)), Observed(["h1", "h2", "h3"], status), now);

        outOfPlan.Steps[0].ShouldBeOfType<ClearHosts>().Hosts.ShouldBe(["h3"]);
        outOfPlan.Steps[1].ShouldBeOfType<ConvergeHosts>().Sets.Select(s => s.Host).ShouldBe(["h1", "h2"]);
        stillInPlan.Steps.Count.ShouldBe(3, "h3 is emptied, then h2 (b leaves it) converges before h1");
        stillInPlan.Steps[1].ShouldBeOfType<ConvergeHosts>().Sets.Select(s => s.Host).ShouldBe(["h2"]);
        stillInPlan.Steps[2].ShouldBeOfType<ConvergeHosts>().Sets.Select(s => s.Host).ShouldBe(["h1"]);
    }

    [Fact]
    public void Compute_PlanHostLost_DeclaresItFailedAndWaitsForItsFencingDeadline()
    {
        var clock = Clock();
        var now = clock.GetUtcNow();
        var contracts = new Dictionary<string, HostFencingContract> { ["h2"] = new(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1)) };
        var lastSeen = new Dictionary<string, DateTimeOffset> { ["h2"] = now.AddSeconds(-0.5) };

        var actions = Pass.Compute(Desired(Stored(Placed("h1", "h2", "h2")), Deploying(now)), Observed(["h1"], null, contracts: contracts, lastSeen: lastSeen), now);

        var failure = actions.Single<RecordHostFailure>().Failure;
        failure.Host.ShouldBe("h2");
        failure.FenceDeadline.ShouldBe(now.AddSeconds(2.5), "last seen + TTL + margin");
        actions.Kinds().ShouldBe(["HostFailed"]);
        actions.Result!.RequeueAfter.ShouldBe(TimeSpan.FromSeconds(2.5));
        actions.Steps.OfType<ConvergeHosts>().ShouldBeEmpty("nothing converges while the lost host may still run its VMs");
    }

    [Fact]
    public void Compute_LostHostWithoutAFencingContract_TransientAndNothingElse()
    {
        var now = Clock().GetUtcNow();

        var actions = Pass.Compute(Desired(Stored(Placed("h1", "h2", "h2")), Deploying(now)), Observed("h1"), now);

        actions.Failure!.Terminal.ShouldBeFalse();
        actions.Failure.Message.ShouldContain("does not fence itself");
        actions.Steps.ShouldBeEmpty();
    }

    [Fact]
    public void Compute_LostHostsDeadlinePassed_FencedAndItsVmsReplannedOntoTheOthers()
    {
        var clock = Clock();
        var failed = new HostFailure("h2", clock.GetUtcNow(), clock.GetUtcNow().AddSeconds(3), "LeaseExpired");
        var stored = Stored(Placed("h1", "h2", "h3"));
        var observed = Observed(["h1", "h3"], null, failures: [failed]);

        var waiting = Pass.Compute(Desired(stored, Deploying(clock.GetUtcNow())), observed, clock.GetUtcNow());
        clock.Advance(TimeSpan.FromSeconds(3));
        var now = clock.GetUtcNow();
        var fenced = Pass.Compute(Desired(stored, Deploying(now)), observed, now);

        waiting.Steps.ShouldBeEmpty("the failure is known: nothing to write again");
        waiting.Result!.RequeueAfter.ShouldBe(TimeSpan.FromSeconds(3));
        fenced.Kinds().ShouldBe(["HostFenced"]);
        var replan = fenced.Single<CommitPlan>().Plan;
        replan.Placements["a"].ShouldBe("h1", "placements on registered hosts are kept");
        replan.Placements["c"].ShouldBe("h3");
        replan.Placements["b"].ShouldNotBe("h2");
        fenced.Result!.RequeueAfter.ShouldBe(TimeSpan.Zero, "the next pass converges the new plan");
    }

    [Fact]
    public void Compute_FailedHostRegisteredAgain_ForgetsItsFailureAndDeploys()
    {
        var now = Clock().GetUtcNow();
        var failed = new HostFailure("h2", now.AddMinutes(-1), now.AddSeconds(-30), "LeaseExpired");

        var actions = Pass.Compute(Desired(Stored(Placed("h1", "h2", "h2")), Deploying(now)), Observed(["h1", "h2"], null, failures: [failed]), now);

        actions.Steps[0].ShouldBeOfType<ForgetHostFailure>().Key.ShouldBe(HostFailure.Key("h2"));
        actions.Kinds().ShouldBe(["HostRecovered"]);
        actions.Single<ConvergeHosts>().Sets.Select(s => s.Host).ShouldBe(["h1", "h2"]);
    }

    [Fact]
    public void Compute_Undeploy_EmptyStatusEveryHostClearedThenSpecRemovedWithTheOperationCompleted()
    {
        var now = Clock().GetUtcNow();
        var operation = Deploying(now) with { Kind = OperationKind.Undeploy, Vms = new Dictionary<string, VmProgress> { ["a"] = new("ready", 100) } };

        var actions = Pass.Compute(Desired(Stored(Placed("h1", "h1", "h1"), deleted: true), operation), Observed("h1", "h2"), now);

        actions.Result.ShouldBe(ReconcileResult.Done);
        var status = actions.Steps[0].ShouldBeOfType<WriteStatus>().Status;
        status.Phase.ShouldBe(DeploymentPhase.Undeploying);
        status.Vms.ShouldBeEmpty();
        actions.Steps[1].ShouldBeOfType<ClearHosts>().Hosts.ShouldBe(["h1", "h2"], "every host, not only the plan's");
        var removed = actions.Steps[2].ShouldBeOfType<RemoveDeployment>();
        removed.Completed.State.ShouldBe(OperationState.COMPLETED);
        removed.Completed.FinishedAt.ShouldBe(now);
        removed.Completed.Vms["a"].Step.ShouldBe("removed");
        removed.Removed.Kind.ShouldBe("UndeployCompleted");
    }

    [Fact]
    public void Compute_SpecGone_EveryRegisteredHostCleared()
    {
        var actions = Pass.Compute(Desired(null, null), Observed("h1", "h2"), Clock().GetUtcNow());

        actions.Steps.ShouldHaveSingleItem().ShouldBeOfType<ClearHosts>().Hosts.ShouldBe(["h1", "h2"]);
        actions.Result.ShouldBe(ReconcileResult.Done);
    }

    [Fact]
    public void Compute_FailedAtThisGeneration_NothingToDo()
    {
        var status = Recorded(DeploymentPhase.Failed);

        var actions = Pass.Compute(Desired(Stored(Placed("h1", "h1", "h1")), null), Observed(["h1"], status), Clock().GetUtcNow());

        actions.Steps.ShouldBeEmpty();
        actions.Result.ShouldBe(ReconcileResult.Done);
    }

    [Fact]
    public void Compute_PlacementImpossible_TerminalErrorsWithTheirReason()
    {
        var now = Clock().GetUtcNow();
        const string Restrictions = "<restrictions><nonsense";

        var badScenario = Pass.Compute(Desired(Stored(yaml: "nines: 1\nname: [unclosed"), Deploying(now)), Observed("h1"), now);
        var badRestrictions = Pass.Compute(Desired(Stored(restrictions: Restrictions), Deploying(now)), Observed("h1"), now);

        badScenario.Failure!.Reason.ShouldBe("InvalidScenario");
        badScenario.Failure.Terminal.ShouldBeTrue();
        badRestrictions.Failure!.Reason.ShouldBe("InvalidRestrictions");
        badRestrictions.Steps.ShouldBeEmpty();
    }

    [Fact]
    public void Compute_NoSchedulableHost_TransientWithWhy()
    {
        var now = Clock().GetUtcNow();

        var none = Pass.Compute(Desired(Stored(), Deploying(now)), Observed(), now);
        var drained = Pass.Compute(Desired(Stored(), Deploying(now)), Observed(["h1"], null, drained: ["h1"]), now);

        none.Failure!.Terminal.ShouldBeFalse();
        none.Failure.Message.ShouldBe("no host is registered: waiting for an agent");
        drained.Failure!.Message.ShouldBe("no schedulable host: every registered host is drained");
    }

    [Fact]
    public void Compute_MigrationTargetUnregistered_OldHostStillEmptiedThenTransient()
    {
        var now = Clock().GetUtcNow();
        var migrations = new Dictionary<string, PlannedMigration> { ["a"] = new("h1", "h9", "op-m") };
        var status = Recorded(DeploymentPhase.Running, ("b", "h3", VmPhase.Running));

        var actions = Pass.Compute(Desired(Stored(Placed("h1", "h1", "h1"), migrations: migrations), Deploying(now)), Observed(["h1", "h3"], status), now);

        actions.Steps.ShouldHaveSingleItem().ShouldBeOfType<ClearHosts>().Hosts.ShouldBe(["h3"]);
        actions.Failure!.Terminal.ShouldBeFalse();
        actions.Failure.Message.ShouldContain("host \"h9\" of the plan is not registered");
    }

    [Fact]
    public void RecordTerminal_GenerationFailed_StatusFailedWithTheReasonKeepingTheVmsThenOperationFailedThenEvent()
    {
        var now = Clock().GetUtcNow();
        var status = Recorded(DeploymentPhase.Deploying, ("a", "h1", VmPhase.Crashed));

        var steps = DeployPass.RecordTerminal(Stored(Placed("h1", "h1", "h1")), Deploying(now), status, "VmCrashed", "vm \"a\" crashed", now);

        var failed = steps[0].ShouldBeOfType<WriteStatus>().Status;
        failed.Phase.ShouldBe(DeploymentPhase.Failed);
        failed.ObservedGeneration.ShouldBe(1, "failed at this generation: not tried again until the spec changes");
        failed.Vms.ShouldBe(status.Vms);
        failed.Conditions.ShouldHaveSingleItem().Reason.ShouldBe("VmCrashed");
        var operation = steps[1].ShouldBeOfType<WriteOperation>().Operation;
        operation.State.ShouldBe(OperationState.FAILED);
        operation.Error.ShouldBe("vm \"a\" crashed");
        operation.FinishedAt.ShouldBe(now);
        steps[2].ShouldBeOfType<EmitEvent>().Event.Kind.ShouldBe("DeployFailed");
    }
}

using Nines.Contracts.Agents;
using Nines.Contracts.Errors;
using Nines.Contracts.Model;
using Nines.Controller.Reconciliation;
using Nines.Drivers;
using static Nines.Controller.Tests.Reconciliation.DeployPassFixture;

namespace Nines.Controller.Tests.Reconciliation;

/// <summary>
/// The second half of a deploy pass: what the hosts answered becomes the hosts to clear, the records, status, progress
/// and events to write, and how the pass ends. No store, no agent, a fake clock.
/// </summary>
public sealed class DeployPassRecordTests
{
    [Fact]
    public void Compute_EveryVmReady_RunningCompletedAndOneCompletionEvent()
    {
        var now = Clock().GetUtcNow();
        var stored = Stored(Placed("h1", "h1", "h1"));

        var actions = Pass.Compute(Desired(stored, Deploying(now)), Answered(Observed("h1"), stored, Report("h1", Ready("a"), Ready("b"), Ready("c"))), now);

        actions.Result.ShouldBe(ReconcileResult.Done);
        actions.Failure.ShouldBeNull();
        var status = actions.Single<WriteStatus>().Status;
        status.Phase.ShouldBe(DeploymentPhase.Running);
        status.Vms.Values.ShouldAllBe(v => v.State == VmPhase.Running && v.Host == "h1");
        status.Conditions.ShouldHaveSingleItem().Message.ShouldBe("mapping: a warning");
        var progress = actions.Single<WriteOperation>().Operation;
        progress.State.ShouldBe(OperationState.COMPLETED);
        progress.FinishedAt.ShouldBe(now);
        progress.Vms.Values.ShouldAllBe(p => p.Step == "ready" && p.Percent == 100 && p.Host == "h1");
        actions.Steps.OfType<WriteVm>().Select(w => w.Vm.State).ShouldBe([VmState.Running, VmState.Running, VmState.Running]);
        actions.Kinds().Take(3).ShouldBe(["VmRunning", "VmGuestReady", "VmConfigured"]);
        actions.Kinds().Count(k => k == "DeployCompleted").ShouldBe(1);
        actions.Steps[^1].ShouldBeOfType<EmitEvent>().Event.Kind.ShouldBe("DeployCompleted", "the completion is the last thing written");
    }

    [Fact]
    public void Compute_Steady_NothingChangedSinceThePreviousPass_OnlyTheStatusIsWritten()
    {
        var clock = Clock();
        var stored = Stored(Placed("h1", "h1", "h1"));
        var reports = new[] { Report("h1", Booting("a"), Booting("b"), Booting("c")) };
        var first = Pass.Compute(Desired(stored, Deploying(clock.GetUtcNow())), Answered(Observed("h1"), stored, reports), clock.GetUtcNow());
        var operation = first.Single<WriteOperation>().Operation;
        var status = first.Single<WriteStatus>().Status;
        clock.Advance(TimeSpan.FromSeconds(1));

        var second = Pass.Compute(Desired(stored, operation), Answered(Observed(["h1"], status), stored, reports), clock.GetUtcNow());

        second.Steps.ShouldHaveSingleItem().ShouldBeOfType<WriteStatus>().Status.Phase.ShouldBe(DeploymentPhase.Deploying);
        second.Result!.RequeueAfter.ShouldBe(TimeSpan.FromSeconds(1), "still booting: looked at again at the poll interval");
    }

    [Fact]
    public void Compute_PlanChangedWhileApplying_RequeuesAtOnceAndClearsNoHost()
    {
        var now = Clock().GetUtcNow();
        var stored = Stored(Placed("h1", "h1", "h1"), revision: 10);
        var status = Recorded(DeploymentPhase.Running, ("a", "h2", VmPhase.Running));
        var observed = Observed(["h1", "h2"], status) with
        {
            Converged = new ConvergeReport([Report("h1", Ready("a"), Ready("b"), Ready("c"))], 11, new HashSet<string>(["h2"], StringComparer.Ordinal)),
        };

        var actions = Pass.Compute(Desired(stored, Deploying(now)), observed, now);

        actions.Steps.ShouldBeEmpty("a migration may have just brought a VM to h2: judge it on the new plan");
        actions.Result!.RequeueAfter.ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public void Compute_HostsOutsideThePlanHoldingTheDeployment_ClearedBeforeTheWrites()
    {
        var now = Clock().GetUtcNow();
        var stored = Stored(Placed("h1", "h1", "h1"));
        var status = Recorded(DeploymentPhase.Running, ("a", "h2", VmPhase.Absent));
        var observed = Observed(["h1", "h2", "h3", "h4"], status) with
        {
            Converged = new ConvergeReport([Report("h1", Ready("a"), Ready("b"), Ready("c"))], stored.ModRevision, new HashSet<string>(["h3"], StringComparer.Ordinal)),
        };

        var actions = Pass.Compute(Desired(stored, Deploying(now)), observed, now);

        actions.Steps[0].ShouldBeOfType<ClearHosts>().Hosts.ShouldBe(["h2", "h3"], "h2 is in the status, h3 holds records; h4 has nothing of it");
    }

    [Fact]
    public void Compute_MigrationInFlight_TargetHasTheVmAsIncomingAndItsSourceReportsIt()
    {
        var now = Clock().GetUtcNow();
        var stored = Stored(Placed("h1", "h1", "h1"), migrations: new Dictionary<string, PlannedMigration> { ["a"] = new("h1", "h2", "op-m") });

        var converge = Pass.Compute(Desired(stored, Deploying(now)), Observed("h1", "h2"), now).Single<ConvergeHosts>();
        var incoming = new VmObservation("a", "acme.lab.a", VmState.Incoming, false, false);
        var recorded = Pass.Compute(Desired(stored, Deploying(now)), Answered(Observed("h1", "h2"), stored, Report("h1", Ready("a"), Ready("b"), Ready("c")), Report("h2", incoming)), now);

        converge.Sets.Single(s => s.Host == "h2").Desired.Incoming.ShouldBe(["acme.lab.a"]);
        converge.Sets.Single(s => s.Host == "h2").Desired.Vms.Select(v => v.Name).ShouldBe(["a"]);
        recorded.Single<WriteStatus>().Status.Vms["a"].ShouldBe(new VmSummary("h1", VmPhase.Running, true, true, null));
        recorded.Steps.OfType<WriteVm>().ShouldAllBe(w => w.Vm.Host == "h1");
    }

    [Fact]
    public void Compute_UnprotectedVmCrashedMidDeploy_TerminalVmCrashed_ButAGroupMemberIsLeftToTheAvailabilityManager()
    {
        var now = Clock().GetUtcNow();
        var stored = Stored(Placed("h1", "h1", "h1"));

        var crashedA = Pass.Compute(Desired(stored, Deploying(now)), Answered(Observed("h1"), stored, Report("h1", Crashed("a"), Booting("b"), Booting("c"))), now);
        var crashedB = Pass.Compute(Desired(stored, Deploying(now)), Answered(Observed("h1"), stored, Report("h1", Booting("a"), Crashed("b"), Booting("c"))), now);

        crashedA.Failure!.Terminal.ShouldBeTrue();
        crashedA.Failure.Reason.ShouldBe("VmCrashed");
        crashedA.Failure.Message.ShouldContain("vm \"a\" on host h1 crashed before the deploy completed (vm is crashed: killed)");
        crashedA.Failure.ToException().ShouldBeOfType<TerminalDeploymentException>().Reason.ShouldBe("VmCrashed");
        crashedA.Single<WriteStatus>().Status.Vms["a"].State.ShouldBe(VmPhase.Crashed, "what was seen is written before the pass fails");
        crashedB.Failure!.Terminal.ShouldBeFalse("b is in a redundancy group: its error is retried, not a failed deploy");
        crashedB.Failure.ToException().ShouldBeOfType<TransientDeploymentException>();
    }

    [Fact]
    public void Compute_VmCrashedAfterTheDeployFinished_DegradedAndRetried()
    {
        var now = Clock().GetUtcNow();
        var stored = Stored(Placed("h1", "h1", "h1"));
        var finished = Deploying(now) with { State = OperationState.COMPLETED, FinishedAt = now };

        var actions = Pass.Compute(Desired(stored, finished), Answered(Observed("h1"), stored, Report("h1", Crashed("a"), Ready("b"), Ready("c"))), now);

        actions.Single<WriteStatus>().Status.Phase.ShouldBe(DeploymentPhase.Degraded);
        actions.Failure!.Terminal.ShouldBeFalse();
        actions.Steps.OfType<WriteOperation>().ShouldBeEmpty("a finished operation keeps its result");
        actions.Steps.OfType<EmitEvent>().ShouldContain(e => e.Event.Kind == "VmCrashed" && e.Event.Severity == EventSeverity.Warning && e.Event.Subject == "acme/lab/a");
    }

    [Fact]
    public void Compute_HostRefused_TerminalHostRefusedBeforeAnyCrash()
    {
        var now = Clock().GetUtcNow();
        var stored = Stored(Placed("h1", "h1", "h2"));
        var refused = new HostReport("h2", new HostDeploymentObservation("acme.lab", "h2", [Booting("c")], "the image is outside the host's libraries", Terminal: true));

        var actions = Pass.Compute(Desired(stored, Deploying(now)), Answered(Observed("h1", "h2"), stored, Report("h1", Crashed("a"), Booting("b")), refused), now);

        actions.Failure!.Reason.ShouldBe("HostRefused");
        actions.Failure.Message.ShouldBe("host h2: the image is outside the host's libraries");
    }
}

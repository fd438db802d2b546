using Nines.Contracts.Agents;
using Nines.Contracts.Errors;
using Nines.Contracts.Model;
using Nines.Controller.Reconciliation;
using Nines.Controller.Repositories;
using Nines.Drivers;
using Nines.Scenarios;

namespace Nines.Controller.Tests.Reconciliation;

/// <summary>The deploy pass's decisions without a store or an agent: desired, observed and now in, writes and verdict out.</summary>
public sealed class DeployDecisionsTests
{
    private static readonly DateTimeOffset _now = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);

    private const string Yaml = """
        nines: 1
        name: lab
        networks:
          - name: n0
        vms:
          - name: a
            interfaces:
              - {id: 0, network: n0, ipv4: [10.9.0.1/24]}
          - name: b
            interfaces:
              - {id: 0, network: n0, ipv4: [10.9.0.2/24]}
          - name: c
            interfaces:
              - {id: 0, network: n0, ipv4: [10.9.0.3/24]}
        redundancy_groups:
          - {name: svc, model: 2N, members: [b, c]}
        """;

    [Fact]
    public void Judge_EveryVmReady_RunningCompletedAndOneCompletionEvent()
    {
        var verdict = DeployDecisions.Judge(Stored(), Deploying(), [Observed("h1", Ready("a"), Ready("b"), Ready("c"))], null, _now);

        verdict.Converged.ShouldBeTrue();
        verdict.Failure.ShouldBeNull();
        verdict.Phase.ShouldBe(DeploymentPhase.Running);
        verdict.Progress!.State.ShouldBe(OperationState.COMPLETED);
        verdict.Progress.FinishedAt.ShouldBe(_now);
        verdict.Progress.Vms.Values.ShouldAllBe(p => p.Step == "ready" && p.Percent == 100 && p.Host == "h1");
        verdict.Completed!.Kind.ShouldBe("DeployCompleted");
        verdict.Changes.Count.ShouldBe(3);
        verdict.Changes[0].Events.Select(e => e.Kind).ShouldBe(["VmRunning", "VmGuestReady", "VmConfigured"]);
    }

    [Fact]
    public void Judge_NothingChangedSinceThePreviousPass_WritesNoVmAndNoProgress()
    {
        var observations = new[] { Observed("h1", Booting("a"), Booting("b"), Booting("c")) };
        var first = DeployDecisions.Judge(Stored(), Deploying(), observations, null, _now);
        var operation = first.Progress!;

        var second = DeployDecisions.Judge(Stored(), operation, observations, first.Summaries, _now.AddSeconds(1));

        second.Changes.ShouldBeEmpty();
        second.Progress.ShouldBeNull();
        second.Completed.ShouldBeNull();
        second.Converged.ShouldBeFalse();
        second.Phase.ShouldBe(DeploymentPhase.Deploying);
    }

    [Fact]
    public void Judge_UnprotectedVmCrashedMidDeploy_TerminalVmCrashed_ButAGroupMemberIsLeftToTheAvailabilityManager()
    {
        var crashedA = DeployDecisions.Judge(Stored(), Deploying(), [Observed("h1", Crashed("a"), Booting("b"), Booting("c"))], null, _now);
        var crashedB = DeployDecisions.Judge(Stored(), Deploying(), [Observed("h1", Booting("a"), Crashed("b"), Booting("c"))], null, _now);

        crashedA.Failure!.Terminal.ShouldBeTrue();
        crashedA.Failure.Reason.ShouldBe("VmCrashed");
        crashedA.Failure.Message.ShouldContain("vm \"a\" on host h1 crashed before the deploy completed (vm is crashed: killed)");
        crashedA.Failure.ToException().ShouldBeOfType<TerminalDeploymentException>().Reason.ShouldBe("VmCrashed");
        crashedB.Failure!.Terminal.ShouldBeFalse("b is in a redundancy group: its error is retried, not a failed deploy");
        crashedB.Failure.ToException().ShouldBeOfType<TransientDeploymentException>();
    }

    [Fact]
    public void Judge_VmCrashedAfterTheDeployFinished_DegradedAndRetried()
    {
        var finished = Deploying() with { State = OperationState.COMPLETED, FinishedAt = _now };

        var verdict = DeployDecisions.Judge(Stored(), finished, [Observed("h1", Crashed("a"), Ready("b"), Ready("c"))], null, _now);

        verdict.Phase.ShouldBe(DeploymentPhase.Degraded);
        verdict.Failure!.Terminal.ShouldBeFalse();
        verdict.Progress.ShouldBeNull("a finished operation keeps its result");
        verdict.Changes.Single(c => c.Record.Vm == "a").Events.ShouldContain(e => e.Kind == "VmCrashed" && e.Severity == EventSeverity.Warning);
    }

    [Fact]
    public void Judge_HostRefused_TerminalHostRefusedBeforeAnyCrash()
    {
        var refused = new HostDeploymentObservation("acme.lab", "h2", [Booting("c")], "the image is outside the host's libraries", Terminal: true);

        var verdict = DeployDecisions.Judge(Stored(), Deploying(), [Observed("h1", Crashed("a"), Booting("b")), refused], null, _now);

        verdict.Failure!.Reason.ShouldBe("HostRefused");
        verdict.Failure.Message.ShouldBe("host h2: the image is outside the host's libraries");
    }

    [Fact]
    public void LeavingHosts_VmMovedFromARegisteredHost_ThatHost_NotAbsentOrUnregisteredOnes()
    {
        var placements = new Dictionary<string, string>(StringComparer.Ordinal) { ["a"] = "h2", ["b"] = "h2", ["c"] = "h2" };
        var recorded = new Dictionary<string, VmSummary>(StringComparer.Ordinal)
        {
            ["a"] = new("h1", "Running", true, true, null),
            ["b"] = new("h3", VmSummary.Absent, false, false, null),
            ["c"] = new("h4", "Running", true, true, null),
        };

        DeployDecisions.LeavingHosts(placements, recorded, new HashSet<string>(["h1", "h2", "h3"], StringComparer.Ordinal)).ShouldBe(["h1"]);
        DeployDecisions.LeavingHosts(placements, null, new HashSet<string>(["h1"], StringComparer.Ordinal)).ShouldBeEmpty();
    }

    private static StoredDeployment Stored()
    {
        var placements = new Dictionary<string, string>(StringComparer.Ordinal) { ["a"] = "h1", ["b"] = "h1", ["c"] = "h1" };
        var plan = new CommittedPlan(1, "balanced", placements, new Dictionary<string, int>(), [], _now);
        var parsed = ScenarioReader.Read(Yaml, "lab.yaml");
        parsed.Succeeded.ShouldBeTrue(string.Join("\n", parsed.Diagnostics));
        return new StoredDeployment(new DeploymentSpec("acme", "lab", Yaml, null, null, plan, 1), 1, parsed.Value, []);
    }

    private static Operation Deploying() =>
        new("op-1", OperationKind.Deploy, "acme", "lab", 1, OperationState.PROCESSING, new Dictionary<string, VmProgress>(), null, _now, _now, null);

    private static HostDeploymentObservation Observed(string host, params VmObservation[] vms) => new("acme.lab", host, vms);

    private static VmObservation Ready(string vm) => new(vm, "acme.lab." + vm, VmState.Running, true, true);

    private static VmObservation Booting(string vm) => new(vm, "acme.lab." + vm, VmState.Running, false, false);

    private static VmObservation Crashed(string vm) => new(vm, "acme.lab." + vm, VmState.Crashed, false, false, "vm is crashed: killed");
}

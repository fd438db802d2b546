using Nines.Contracts.Model;
using Nines.Controller.Tests.Support;
using Nines.Drivers.Fake;
using Nines.Testing;

namespace Nines.Controller.Tests.Reconciliation;

public sealed class DeploymentReconcilerTests
{
    private static DeploymentRef Tutorial => ControlPlaneHarness.Tutorial;

    [Theory]
    [MemberData(nameof(StoreKind.All), MemberType = typeof(StoreKind))]
    public async Task Reconcile_VnumlTutorial_RunsEveryVmConfiguredAndCompletesTheOperation(string store)
    {
        var time = new FakeTimeProvider();
        await using var state = StoreKind.Open(store, time);
        var cp = ControlPlaneHarness.Create(state, time);
        await cp.RegisterHostAsync();
        await cp.Deployments.ApplyAsync(Tutorial, ControlPlaneHarness.TutorialYaml(), null, null, CancellationToken.None);

        await cp.ConvergeAsync(Tutorial);

        cp.Machine.LiveProcessCount.ShouldBe(5);
        var status = (await cp.Deployments.GetStatusAsync(Tutorial, CancellationToken.None))!;
        status.Phase.ShouldBe(DeploymentPhase.Running);
        status.Vms.Keys.Order().ShouldBe(["uml1", "uml2", "uml3", "uml4", "uml5"]);
        status.Vms.Values.ShouldAllBe(v => v.State == VmPhase.Running && v.GuestReady && v.Configured && v.Host == "local");
        var operation = (await cp.Operations.GetAsync(status.OperationId!, CancellationToken.None))!;
        operation.State.ShouldBe(OperationState.COMPLETED);
        operation.Vms.Values.ShouldAllBe(p => p.Percent == 100);

        // uml3 routes between Net0 and Net1: its guest got addresses, forwarding and routes from the scenario.
        var uml3 = cp.Driver.Execs.Single(e => e.VmId == "acme.tutorial.uml3").Command;
        uml3.ShouldContain("addr replace '10.0.0.3/24'");
        uml3.ShouldContain("echo 1 > /proc/sys/net/ipv4/ip_forward");
        cp.Networks.Applied["acme.tutorial"].Taps.Count().ShouldBe(cp.Networks.Applied["acme.tutorial"].Taps.Select(t => t.Name).Distinct().Count());
        cp.Networks.Applied["acme.tutorial"].HostInterfaces.ShouldNotBeEmpty();

        var kinds = (await cp.AllEventsAsync()).Select(e => e.Kind).ToList();
        kinds.ShouldContain("DeployStarted");
        kinds.ShouldContain("Planned");
        kinds.ShouldContain("ImageSubstituted");
        kinds.Count(k => k == "VmConfigured").ShouldBe(5);
        kinds[^1].ShouldBe("DeployCompleted");
        (await cp.Hosts.ListVmsAsync("local", Tutorial, CancellationToken.None)).Count.ShouldBe(5);
    }

    [Fact]
    public async Task Reconcile_AgainWhenConverged_ChangesNothing()
    {
        var time = new FakeTimeProvider();
        await using var state = StoreKind.Open("memory", time);
        var cp = ControlPlaneHarness.Create(state, time);
        await cp.RegisterHostAsync();
        await cp.Deployments.ApplyAsync(Tutorial, ControlPlaneHarness.TutorialYaml(), null, null, CancellationToken.None);
        await cp.ConvergeAsync(Tutorial);
        var mutations = cp.Driver.Mutations;
        var events = (await cp.AllEventsAsync()).Count;

        (await cp.ConvergeAsync(Tutorial)).ShouldBe(1);

        cp.Machine.LiveProcessCount.ShouldBe(5);
        cp.Driver.Starts.ShouldBe(5);
        cp.Driver.Mutations.ShouldBe(mutations + 5, "only the five no-op defines");
        (await cp.AllEventsAsync()).Count.ShouldBe(events);
    }

    [Theory]
    [MemberData(nameof(StoreKind.All), MemberType = typeof(StoreKind))]
    public async Task Undeploy_Deployed_RemovesVmsNetworksAndSpecAndIsIdempotent(string store)
    {
        var time = new FakeTimeProvider();
        await using var state = StoreKind.Open(store, time);
        var cp = ControlPlaneHarness.Create(state, time);
        await cp.RegisterHostAsync();
        await cp.Deployments.ApplyAsync(Tutorial, ControlPlaneHarness.TutorialYaml(), null, null, CancellationToken.None);
        await cp.ConvergeAsync(Tutorial);

        await cp.Deployments.MarkDeletedAsync(Tutorial, CancellationToken.None);
        await cp.ConvergeAsync(Tutorial);

        cp.Machine.LiveProcessCount.ShouldBe(0);
        cp.Networks.Applied.ShouldBeEmpty();
        (await cp.Deployments.GetAsync(Tutorial, CancellationToken.None)).ShouldBeNull();
        (await cp.Hosts.ListVmsAsync("local", Tutorial, CancellationToken.None)).ShouldBeEmpty();
        var undeploy = (await cp.Operations.ListAsync("acme", CancellationToken.None)).Single(o => o.Kind == OperationKind.Undeploy);
        undeploy.State.ShouldBe(OperationState.COMPLETED);

        (await cp.Deployments.MarkDeletedAsync(Tutorial, CancellationToken.None)).ShouldBeNull();
        (await cp.ConvergeAsync(Tutorial)).ShouldBe(1);
        cp.Machine.LiveProcessCount.ShouldBe(0);
    }

    // The chaos soak's cluster run: a tenant undeployed (or re-deployed) before the controller's first pass, so no
    // status ever named the deploy's operation and it stayed STARTING for good.
    [Theory]
    [MemberData(nameof(StoreKind.All), MemberType = typeof(StoreKind))]
    public async Task Undeploy_BeforeTheFirstPass_EveryOperationOfTheDeploymentEnds(string store)
    {
        var time = new FakeTimeProvider();
        await using var state = StoreKind.Open(store, time);
        var cp = ControlPlaneHarness.Create(state, time);
        await cp.RegisterHostAsync();
        var first = await cp.Deployments.ApplyAsync(Tutorial, ControlPlaneHarness.TutorialYaml(), null, null, CancellationToken.None);
        var second = await cp.Deployments.ApplyAsync(Tutorial, ControlPlaneHarness.TutorialYaml().Replace("tutorial", "tutorial2", StringComparison.Ordinal), null, null, CancellationToken.None);

        await cp.Deployments.MarkDeletedAsync(Tutorial, CancellationToken.None);
        await cp.ConvergeAsync(Tutorial);

        var operations = await cp.Operations.ListAsync("acme", CancellationToken.None);
        operations.Count.ShouldBe(3);
        operations.ShouldAllBe(o => o.IsFinished);
        var deploys = operations.Where(o => o.Kind == OperationKind.Deploy).OrderBy(o => o.Generation).ToList();
        deploys.Select(o => o.Id).ShouldBe([first.Spec.OperationId!, second.Spec.OperationId!]);
        deploys[0].State.ShouldBe(OperationState.FAILED);
        deploys[0].Error!.ShouldContain("superseded by generation 2 (a new deploy");
        deploys[1].State.ShouldBe(OperationState.FAILED);
        deploys[1].Error!.ShouldContain("superseded by generation 3 (an undeploy");
        operations.Single(o => o.Kind == OperationKind.Undeploy).State.ShouldBe(OperationState.COMPLETED);
        cp.Machine.LiveProcessCount.ShouldBe(0);
    }

    [Fact]
    public async Task Reconcile_DefinitionTheHostRefuses_FailsTerminallyAndIsNotRetried()
    {
        var time = new FakeTimeProvider();
        await using var state = StoreKind.Open("memory", time);
        var cp = ControlPlaneHarness.Create(state, time);
        await cp.RegisterHostAsync(memoryMiB: 0);
        const string Yaml = "nines: 1\nname: big\nnetworks:\n  - name: n0\nvms:\n  - name: huge\n    memory: 64G\n    interfaces:\n      - {id: 0, network: n0}\n";
        await cp.Deployments.ApplyAsync(new DeploymentRef("acme", "big"), Yaml, null, null, CancellationToken.None);

        (await cp.ConvergeAsync(new DeploymentRef("acme", "big"))).ShouldBe(1);
        var mutations = cp.Driver.Mutations;
        (await cp.ConvergeAsync(new DeploymentRef("acme", "big"))).ShouldBe(1);

        cp.Driver.Mutations.ShouldBe(mutations, "a terminal error is not retried");
        var status = (await cp.Deployments.GetStatusAsync(new DeploymentRef("acme", "big"), CancellationToken.None))!;
        status.Phase.ShouldBe(DeploymentPhase.Failed);
        status.Conditions.ShouldContain(c => c.Reason == "HostRefused" && c.Message.Contains("huge"), string.Join("; ", status.Conditions.Select(c => c.Reason + ": " + c.Message)));
        (await cp.Operations.GetAsync(status.OperationId!, CancellationToken.None))!.State.ShouldBe(OperationState.FAILED);
        (await cp.AllEventsAsync()).ShouldContain(e => e.Kind == "DeployFailed");
    }

    [Fact]
    public async Task Reconcile_GuestsStillBooting_ReportsProgressAndRequeues()
    {
        var time = new FakeTimeProvider();
        await using var state = StoreKind.Open("memory", time);
        var cp = ControlPlaneHarness.Create(state, time);
        cp.Driver.Rewrite = d => d with { Fake = new FakeBehaviour(BootTime: TimeSpan.FromSeconds(10)) };
        await cp.RegisterHostAsync();
        await cp.Deployments.ApplyAsync(Tutorial, ControlPlaneHarness.TutorialYaml(), null, null, CancellationToken.None);

        var result = await cp.Reconciler.ReconcileAsync(Tutorial, CancellationToken.None);

        var debug = await cp.Deployments.GetStatusAsync(Tutorial, CancellationToken.None);
        result.RequeueAfter.ShouldBe(cp.Options.ConvergePollInterval, string.Join("; ", debug!.Conditions.Select(c => c.Message)));
        var status = (await cp.Deployments.GetStatusAsync(Tutorial, CancellationToken.None))!;
        status.Phase.ShouldBe(DeploymentPhase.Deploying);
        var operation = (await cp.Operations.GetAsync(status.OperationId!, CancellationToken.None))!;
        operation.State.ShouldBe(OperationState.PROCESSING);
        operation.Vms.Values.ShouldAllBe(p => p.Step == "booting" && p.Percent == 50);

        time.Advance(TimeSpan.FromSeconds(10));
        await cp.ConvergeAsync(Tutorial);
        (await cp.Operations.GetAsync(status.OperationId!, CancellationToken.None))!.State.ShouldBe(OperationState.COMPLETED);
    }

    // The QEMU chaos soak: a guest killed (kill -9) while its deploy ran kept the operation PROCESSING until the
    // undeploy, minutes later (nothing restarts a VM outside a redundancy group; the pass retried "vm is crashed").
    [Fact]
    public async Task Reconcile_VmCrashesBeforeTheDeployCompletes_FailsTheDeployNamingTheVmAndWhy()
    {
        var time = new FakeTimeProvider();
        await using var state = StoreKind.Open("memory", time);
        var cp = ControlPlaneHarness.Create(state, time);
        cp.Driver.Rewrite = d => d with
        {
            Fake = d.Name == "uml1"
                ? new FakeBehaviour(BootTime: TimeSpan.FromSeconds(10), CrashAfter: TimeSpan.FromSeconds(3))
                : new FakeBehaviour(BootTime: TimeSpan.FromSeconds(10)),
        };
        await cp.RegisterHostAsync();
        await cp.Deployments.ApplyAsync(Tutorial, ControlPlaneHarness.TutorialYaml(), null, null, CancellationToken.None);
        await cp.Reconciler.ReconcileAsync(Tutorial, CancellationToken.None);

        time.Advance(TimeSpan.FromSeconds(4));
        await cp.ConvergeAsync(Tutorial);

        var status = (await cp.Deployments.GetStatusAsync(Tutorial, CancellationToken.None))!;
        var operation = (await cp.Operations.GetAsync(status.OperationId!, CancellationToken.None))!;
        operation.State.ShouldBe(OperationState.FAILED);
        operation.Error.ShouldNotBeNull();
        operation.Error.ShouldContain("vm \"uml1\" on host local crashed before the deploy completed");
        operation.Error.ShouldContain("killed by signal 9");
        operation.Error.ShouldNotContain("uml2");
        status.Phase.ShouldBe(DeploymentPhase.Failed);
        status.Conditions.ShouldContain(c => c.Reason == "VmCrashed");
    }

    [Fact]
    public async Task Reconcile_VmCrashesAfterTheDeployCompleted_DeployStaysCompletedAndTheDeploymentDegraded()
    {
        var time = new FakeTimeProvider();
        await using var state = StoreKind.Open("memory", time);
        var cp = ControlPlaneHarness.Create(state, time);
        cp.Driver.Rewrite = d => d with { Fake = d.Name == "uml1" ? new FakeBehaviour(CrashAfter: TimeSpan.FromSeconds(60)) : FakeBehaviour.Healthy };
        await cp.RegisterHostAsync();
        await cp.Deployments.ApplyAsync(Tutorial, ControlPlaneHarness.TutorialYaml(), null, null, CancellationToken.None);
        await cp.ConvergeAsync(Tutorial);
        var operationId = (await cp.Deployments.GetStatusAsync(Tutorial, CancellationToken.None))!.OperationId!;
        (await cp.Operations.GetAsync(operationId, CancellationToken.None))!.State.ShouldBe(OperationState.COMPLETED);

        time.Advance(TimeSpan.FromSeconds(61));
        await Should.ThrowAsync<Nines.Contracts.Errors.TransientDeploymentException>(() => cp.Reconciler.ReconcileAsync(Tutorial, CancellationToken.None));

        (await cp.Operations.GetAsync(operationId, CancellationToken.None))!.State.ShouldBe(OperationState.COMPLETED);
        (await cp.Deployments.GetStatusAsync(Tutorial, CancellationToken.None))!.Phase.ShouldBe(DeploymentPhase.Degraded);
    }
}

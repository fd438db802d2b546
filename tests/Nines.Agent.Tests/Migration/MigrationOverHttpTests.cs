using Microsoft.Extensions.Logging;
using Nines.Agent.Hosting;
using Nines.Agent.Tests.Support;
using Nines.Contracts.Agents;
using Nines.Contracts.Model;
using Nines.Controller.LiveMigration;
using Nines.Drivers;
using Nines.Drivers.Errors;
using Nines.Drivers.Fake;
using Nines.Drivers.Mapping;
using Nines.Drivers.Migration;
using Nines.Drivers.Sequences;
using Nines.Testing;

namespace Nines.Agent.Tests.Migration;

/// <summary>
/// The controller's migrate operation through two agents it reaches over HTTP (fake driver: the QEMU side is covered
/// by the driver's real-guest tests): plan, incoming networks, progress, outcome, and the reconciler afterwards.
/// </summary>
public sealed class MigrationOverHttpTests
{
    private static DeploymentRef Tutorial => AgentCluster.Tutorial;

    [Fact]
    public async Task Migrate_VmToTheOtherHost_MovesItsPlacementAndItRunsOnlyThere()
    {
        await using var setup = await TwoHostsAsync();
        var (cluster, agents, coordinator) = (setup.Cluster, setup.Agents, setup.Coordinator);
        var plan = (await cluster.Deployments.GetAsync(Tutorial, CancellationToken.None))!.Spec.Plan!;
        var vm = plan.Placements.First(p => p.Value == "host-a").Key;
        var vmId = Tutorial.VmId(vm);

        var start = await coordinator.StartAsync((await cluster.Deployments.GetAsync(Tutorial, CancellationToken.None))!, vm, "host-b", CancellationToken.None);
        start.Error.ShouldBeNull();
        await coordinator.WaitAsync(start.Operation!.Id);

        var operation = (await cluster.Operations.GetAsync(start.Operation.Id, CancellationToken.None))!;
        operation.Kind.ShouldBe(OperationKind.Migrate);
        operation.State.ShouldBe(OperationState.COMPLETED, operation.Error);
        operation.Migration!.Status.ShouldBe("completed");
        operation.Migration.From.ShouldBe("host-a");
        operation.Migration.To.ShouldBe("host-b");
        operation.Migration.DowntimeMilliseconds.ShouldBe(1);
        operation.Migration.TransferredBytes.ShouldBeGreaterThan(0);
        operation.Vms[vm].Host.ShouldBe("host-b");

        var after = (await cluster.Deployments.GetAsync(Tutorial, CancellationToken.None))!.Spec.Plan!;
        after.Placements[vm].ShouldBe("host-b");
        after.Migrations.ShouldBeNull();
        var scenario = (await cluster.Deployments.GetAsync(Tutorial, CancellationToken.None))!.Scenario!.Scenario;
        foreach (var network in scenario.FindVm(vm)!.NetworkNames)
        {
            var hosts = scenario.Vms.Where(v => v.NetworkNames.Contains(network)).Select(v => after.Placements[v.Name]).Distinct().Count();
            if (hosts > 1)
            {
                after.Vlans.Keys.ShouldContain(network);
            }
        }

        (await agents["host-b"].Driver.InspectAsync(vmId, CancellationToken.None)).State.ShouldBe(VmState.Running);
        await AgentCluster.WaitUntilAsync(async () => !await KnowsAsync(agents["host-a"], vmId), $"{vm} removed from host-a");
        await AgentCluster.WaitUntilAsync(async () =>
            (await cluster.Deployments.GetStatusAsync(Tutorial, CancellationToken.None))?.Vms.GetValueOrDefault(vm) is { Host: "host-b", State: VmPhase.Running, Configured: true },
            $"{vm} reported running on host-b");
        (await cluster.Events.ListAsync(null, null, CancellationToken.None)).Events.ShouldContain(e => e.Kind == "VmMigrated" && e.Subject == $"{Tutorial}/{vm}");
        var completed = setup.Logs.Entries.Single(e => e.Category == typeof(MigrationCoordinator).FullName && e.EventId.Id == 3);
        (completed.Value("OperationId"), completed.Value("Vm"), completed.Value("SourceHost"), completed.Value("TargetHost")).ShouldBe((operation.Id, vm, "host-a", "host-b"));
    }

    [Fact]
    public async Task Migrate_GuestSilentAfterTheSwitch_FailsBackAndTheVmStaysOnItsSource()
    {
        await using var setup = await TwoHostsAsync();
        var (cluster, agents, coordinator) = (setup.Cluster, setup.Agents, setup.Coordinator);
        var plan = (await cluster.Deployments.GetAsync(Tutorial, CancellationToken.None))!.Spec.Plan!;
        var vm = plan.Placements.First(p => p.Value == "host-a").Key;
        var vmId = Tutorial.VmId(vm);
        ((FakeDriver)agents["host-a"].Driver.Vms).Hang(vmId);

        var start = await coordinator.StartAsync((await cluster.Deployments.GetAsync(Tutorial, CancellationToken.None))!, vm, "host-b", CancellationToken.None);
        await coordinator.WaitAsync(start.Operation!.Id);

        var operation = (await cluster.Operations.GetAsync(start.Operation.Id, CancellationToken.None))!;
        operation.State.ShouldBe(OperationState.FAILED);
        operation.Error!.ShouldContain("failed back");
        operation.Migration!.Status.ShouldBe("failed");
        (await cluster.Deployments.GetAsync(Tutorial, CancellationToken.None))!.Spec.Plan!.Placements[vm].ShouldBe("host-a");
        (await agents["host-a"].Driver.InspectAsync(vmId, CancellationToken.None)).State.ShouldBe(VmState.Running);
        await AgentCluster.WaitUntilAsync(async () => !await KnowsAsync(agents["host-b"], vmId), $"{vm} removed from host-b");
        (await cluster.Events.ListAsync(null, null, CancellationToken.None)).Events.ShouldContain(e => e.Kind == "VmMigrationFailedBack");

        // The log has the failure with the operation id, the VM, both hosts and the reason; and the steps before it.
        var coordinatorLog = setup.Logs.Entries.Where(e => e.Category == typeof(MigrationCoordinator).FullName && e.Value("OperationId") == operation.Id).ToList();
        var failed = coordinatorLog.Single(e => e.EventId.Id == 6);
        failed.Level.ShouldBe(LogLevel.Warning);
        (failed.Value("Tenant"), failed.Value("Deployment"), failed.Value("Vm"), failed.Value("SourceHost"), failed.Value("TargetHost"))
            .ShouldBe((Tutorial.Tenant, Tutorial.Name, vm, "host-a", "host-b"));
        failed.Value("Reason").ShouldBe(operation.Error);
        coordinatorLog.Single(e => e.EventId.Id == 1).Value("VmId").ShouldBe(vmId);
        coordinatorLog.ShouldContain(e => e.EventId.Id == 2 && e.Value("Step")!.Contains("plan committed", StringComparison.Ordinal));
        coordinatorLog.ShouldNotContain(e => e.EventId.Id == 3, "no completion is logged for a migration that failed back");
    }

    // Review of issue 17: an error nobody classified (a bug) ended the run with the operation PROCESSING for good and
    // the VM left incoming on the target in the plan.
    [Fact]
    public async Task Migrate_UnexpectedErrorInTheRun_FailsTheOperationAndTheVmStaysOnItsSource()
    {
        await using var setup = await TwoHostsAsync();
        var (cluster, agents) = (setup.Cluster, setup.Agents);
        var plan = (await cluster.Deployments.GetAsync(Tutorial, CancellationToken.None))!.Spec.Plan!;
        var vm = plan.Placements.First(p => p.Value == "host-a").Key;
        var vmId = Tutorial.VmId(vm);
        await using var coordinator = new MigrationCoordinator(
            cluster.Deployments, cluster.Hosts, cluster.Operations, cluster.Events, new BuggySourceDirectory(cluster.AgentDirectory, "host-a"),
            new VmMappingOptions("/guest/vmlinux", "/guest/initrd.cpio", _ => false), TimeProvider.System, setup.Logs.CreateFactory().CreateLogger<MigrationCoordinator>());

        var start = await coordinator.StartAsync((await cluster.Deployments.GetAsync(Tutorial, CancellationToken.None))!, vm, "host-b", CancellationToken.None);
        await coordinator.WaitAsync(start.Operation!.Id);

        var operation = (await cluster.Operations.GetAsync(start.Operation.Id, CancellationToken.None))!;
        operation.State.ShouldBe(OperationState.FAILED);
        operation.Error!.ShouldContain("unexpected NullReferenceException: a bug in the source's call");
        operation.Migration!.Status.ShouldBe("failed");
        var after = (await cluster.Deployments.GetAsync(Tutorial, CancellationToken.None))!.Spec.Plan!;
        after.Placements[vm].ShouldBe("host-a");
        after.Migrations.ShouldBeNull();
        (await agents["host-a"].Driver.InspectAsync(vmId, CancellationToken.None)).State.ShouldBe(VmState.Running);
        (await cluster.Events.ListAsync(null, null, CancellationToken.None)).Events.ShouldContain(e => e.Kind == "VmMigrationFailed" && e.Reason == operation.Id);
        setup.Logs.Entries.ShouldContain(e => e.EventId.Id == 8 && e.Level == LogLevel.Error && e.Exception is NullReferenceException && e.Value("OperationId") == operation.Id);
    }

    [Fact]
    public async Task Start_BadTargets_RefusedNamingTheField()
    {
        await using var setup = await TwoHostsAsync();
        var stored = (await setup.Cluster.Deployments.GetAsync(Tutorial, CancellationToken.None))!;
        var vm = stored.Spec.Plan!.Placements.First(p => p.Value == "host-a").Key;

        var unknownHost = await setup.Coordinator.StartAsync(stored, vm, "host-z", CancellationToken.None);
        unknownHost.Field.ShouldBe("to");
        unknownHost.Error!.ShouldContain("host-a, host-b");
        (await setup.Coordinator.StartAsync(stored, vm, "host-a", CancellationToken.None)).Field.ShouldBe("to");
        (await setup.Coordinator.StartAsync(stored, "nosuchvm", "host-b", CancellationToken.None)).NotFound.ShouldBeTrue();
        (await setup.Cluster.Operations.ListAsync(null, CancellationToken.None)).ShouldNotContain(o => o.Kind == OperationKind.Migrate);
    }

    [Fact]
    public async Task Drain_HostWithVms_EmptiesItAndUndrainMakesItSchedulable()
    {
        await using var setup = await TwoHostsAsync();
        var (cluster, agents) = (setup.Cluster, setup.Agents);
        await using var drainer = new HostDrainer(cluster.Deployments, cluster.Hosts, setup.Coordinator, TimeProvider.System, logger: setup.Logs.CreateFactory().CreateLogger<HostDrainer>());
        var onA = (await cluster.Deployments.GetAsync(Tutorial, CancellationToken.None))!.Spec.Plan!.Placements.Count(p => p.Value == "host-a");
        onA.ShouldBeGreaterThan(1);

        var (started, _, error) = await drainer.DrainAsync("host-a", maxConcurrent: 2, CancellationToken.None);
        error.ShouldBeNull();
        started!.Drained.ShouldBeTrue();
        await drainer.WaitAsync("host-a");

        var status = await drainer.StatusAsync("host-a", CancellationToken.None);
        status.Empty.ShouldBeTrue(string.Join("; ", status.Failed));
        status.Migrated.Count.ShouldBe(onA);
        var moves = setup.Logs.Entries.Where(e => e.Category == typeof(HostDrainer).FullName && e.EventId.Id == 3).ToList();
        moves.Count.ShouldBe(onA);
        moves.ShouldAllBe(e => e.Value("Host") == "host-a" && e.Value("Outcome") == "Moved" && e.Value("Detail")!.Contains("host-b", StringComparison.Ordinal));
        (await cluster.Deployments.GetAsync(Tutorial, CancellationToken.None))!.Spec.Plan!.Placements.Values.ShouldAllBe(h => h == "host-b");
        await AgentCluster.WaitUntilAsync(() => Task.FromResult(((FakeDriver)agents["host-a"].Driver.Vms).Host.LiveProcessCount == 0), "no VM left on host-a");
        (await cluster.Operations.ListAsync(null, CancellationToken.None)).Count(o => o.Kind == OperationKind.Migrate && o.State == OperationState.COMPLETED).ShouldBe(onA);

        // Drained: no migration may target it; undrained: it takes them again.
        var stored = (await cluster.Deployments.GetAsync(Tutorial, CancellationToken.None))!;
        var vm = stored.Spec.Plan!.Placements.Keys.First();
        (await setup.Coordinator.StartAsync(stored, vm, "host-a", CancellationToken.None)).Error!.ShouldContain("drained");
        (await drainer.UndrainAsync("host-a", CancellationToken.None)).ShouldBeTrue();
        (await drainer.StatusAsync("host-a", CancellationToken.None)).Drained.ShouldBeFalse();
        var back = await setup.Coordinator.StartAsync(stored, vm, "host-a", CancellationToken.None);
        back.Error.ShouldBeNull();
        await setup.Coordinator.WaitAsync(back.Operation!.Id);

        // A loaded CI run once found the placement still on host-b here: the operation says why the move did not happen.
        var backOperation = (await cluster.Operations.GetAsync(back.Operation.Id, CancellationToken.None))!;
        backOperation.State.ShouldBe(OperationState.COMPLETED, $"{backOperation.Error}; log: {string.Join(" | ", setup.Logs.Entries.Where(e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Warning).Select(e => e.Message))}");
        (await cluster.Deployments.GetAsync(Tutorial, CancellationToken.None))!.Spec.Plan!.Placements[vm].ShouldBe("host-a");
        (await drainer.DrainAsync("host-z", 2, CancellationToken.None)).Field.ShouldBe("host");
        (await drainer.DrainAsync("host-a", 0, CancellationToken.None)).Field.ShouldBe("maxConcurrent");
    }

    private static async Task<bool> KnowsAsync(AgentHost agent, string vmId)
    {
        try
        {
            await agent.Driver.InspectAsync(vmId, CancellationToken.None);
            return true;
        }
        catch (VmNotFoundException)
        {
            return false;
        }
    }

    private static async Task<Setup> TwoHostsAsync()
    {
        var cluster = new AgentCluster();
        var agents = new Dictionary<string, AgentHost>();
        foreach (var name in new[] { "host-a", "host-b" })
        {
            agents[name] = await cluster.StartAgentAsync(name, new FakeHost(TimeProvider.System));
        }

        cluster.StartController();
        var stored = await cluster.Deployments.ApplyAsync(Tutorial, AgentCluster.TutorialYaml(), "RoundRobin", null, CancellationToken.None);
        var deployed = await cluster.WaitForOperationAsync(Tutorial, OperationKind.Deploy, stored.Spec.Generation);
        deployed.State.ShouldBe(OperationState.COMPLETED, deployed.Error);
        var logs = new CapturingLoggerProvider();
        var coordinator = new MigrationCoordinator(
            cluster.Deployments, cluster.Hosts, cluster.Operations, cluster.Events, cluster.AgentDirectory,
            new VmMappingOptions("/guest/vmlinux", "/guest/initrd.cpio", _ => false), TimeProvider.System, logs.CreateFactory().CreateLogger<MigrationCoordinator>());
        return new Setup(cluster, agents, coordinator, logs);
    }

    private sealed record Setup(AgentCluster Cluster, Dictionary<string, AgentHost> Agents, MigrationCoordinator Coordinator, CapturingLoggerProvider Logs) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Coordinator.DisposeAsync();
            await Cluster.DisposeAsync();
        }
    }

    /// <summary>The agents, except that converging on <paramref name="host"/> throws what a bug would.</summary>
    private sealed class BuggySourceDirectory(IHostAgentDirectory inner, string host) : IHostAgentDirectory
    {
        public IHostAgent Get(HostRecord record) => record.Name == host ? new Buggy(inner.Get(record)) : inner.Get(record);

        private sealed class Buggy(IHostAgent agent) : IHostAgent, IHostMigrations, IHostVmOperations
        {
            private readonly IHostMigrations _migrations = (IHostMigrations)agent;
            private readonly IHostVmOperations _vms = (IHostVmOperations)agent;

            public string HostName => agent.HostName;

            public Task<MigrationEndpoint> PrepareIncomingMigrationAsync(HostDeploymentDesired desired, string vmId, CancellationToken cancellationToken) =>
                _migrations.PrepareIncomingMigrationAsync(desired, vmId, cancellationToken);

            public Task<VmStatus> CompleteIncomingMigrationAsync(string vmId, TimeSpan guestCheckTimeout, CancellationToken cancellationToken) =>
                _migrations.CompleteIncomingMigrationAsync(vmId, guestCheckTimeout, cancellationToken);

            public Task<OutgoingMigration> StartOutgoingMigrationAsync(string vmId, MigrationEndpoint destination, MigrationPolicy policy, CancellationToken cancellationToken) =>
                _migrations.StartOutgoingMigrationAsync(vmId, destination, policy, cancellationToken);

            public Task<OutgoingMigration> GetOutgoingMigrationAsync(string vmId, CancellationToken cancellationToken) => _migrations.GetOutgoingMigrationAsync(vmId, cancellationToken);

            public Task<OutgoingMigration> CancelOutgoingMigrationAsync(string vmId, CancellationToken cancellationToken) => _migrations.CancelOutgoingMigrationAsync(vmId, cancellationToken);

            public Task<VmStatus> InspectVmAsync(string vmId, CancellationToken cancellationToken) => _vms.InspectVmAsync(vmId, cancellationToken);

            public Task<VmStatus> ControlVmAsync(string vmId, VmOperation operation, CancellationToken cancellationToken) => _vms.ControlVmAsync(vmId, operation, cancellationToken);

            public Task<VmKpis> SampleVmAsync(string vmId, CancellationToken cancellationToken) => _vms.SampleVmAsync(vmId, cancellationToken);

            public Task<GuestExecResult> ExecVmAsync(string vmId, GuestCommand command, CancellationToken cancellationToken) => _vms.ExecVmAsync(vmId, command, cancellationToken);

            public Task<VmStatus> ResizeVmAsync(string vmId, QosChange change, CancellationToken cancellationToken) => _vms.ResizeVmAsync(vmId, change, cancellationToken);

            public Task<SequenceRunResult> RunSequenceAsync(
                string deploymentId, string scenarioYaml, IReadOnlyCollection<string> vms, string sequence, IProgress<SequenceProgress>? progress, CancellationToken cancellationToken) =>
                _vms.RunSequenceAsync(deploymentId, scenarioYaml, vms, sequence, progress, cancellationToken);

            public Task<HostDeploymentObservation> ConvergeAsync(HostDeploymentDesired desired, CancellationToken cancellationToken) =>
                throw new NullReferenceException("a bug in the source's call");

            public Task<HostDeploymentObservation> RemoveAsync(string deploymentId, CancellationToken cancellationToken) => agent.RemoveAsync(deploymentId, cancellationToken);

            public Task<IReadOnlyList<string>> ListDeploymentsAsync(CancellationToken cancellationToken) => agent.ListDeploymentsAsync(cancellationToken);
        }
    }
}

using Nines.Agent.Hosting;
using Nines.Agent.Tests.Support;
using Nines.Contracts.Agents;
using Nines.Contracts.Model;
using Nines.Controller.LiveMigration;
using Nines.Controller.Reconciliation;
using Nines.Drivers;
using Nines.Drivers.Errors;
using Nines.Drivers.Fake;
using Nines.Drivers.Mapping;

namespace Nines.Agent.Tests.Migration;

/// <summary>
/// A reconcile pass that read the plan before a live migration and acts after it. Found by a CI run under load
/// (MigrationOverHttpTests.Drain_…: "migrated to host-a but it did not answer there (cannot completeincoming: it is
/// defined)"): such a pass put the VM back on the host it had left and removed the deployment from the host it had
/// arrived on, because it judged hosts "outside the plan" by the plan it read before the migration. Made
/// deterministic here by holding the pass at its first call to the source until the migration is over.
/// </summary>
public sealed class StalePassTests
{
    private static DeploymentRef Tutorial => AgentCluster.Tutorial;

    [Fact]
    public async Task Reconcile_PlanReadBeforeAMigrationActingAfterIt_NeitherRecreatesNorRemovesTheMovedVm()
    {
        await using var cluster = new AgentCluster();
        var agents = new Dictionary<string, AgentHost>();
        foreach (var name in new[] { "host-a", "host-b" })
        {
            agents[name] = await cluster.StartAgentAsync(name, new FakeHost(TimeProvider.System));
        }

        cluster.StartController();
        var pinned = "<deployment_restrictions>" + string.Concat(Enumerable.Range(1, 5).Select(i => $"<vm_deploy_at vm=\"uml{i}\" host=\"host-a\" />")) + "</deployment_restrictions>";
        var stored = await cluster.Deployments.ApplyAsync(Tutorial, AgentCluster.TutorialYaml(), "RoundRobin", pinned, CancellationToken.None);
        (await cluster.WaitForOperationAsync(Tutorial, OperationKind.Deploy, stored.Spec.Generation)).State.ShouldBe(OperationState.COMPLETED);
        (await cluster.Deployments.GetAsync(Tutorial, CancellationToken.None))!.Spec.Plan!.Placements.Values.ShouldAllBe(h => h == "host-a");

        // A second reconciler (another pass of the same deployment) whose first call to host-a waits for the test.
        var held = new HoldingDirectory(cluster.AgentDirectory, "host-a");
        var reconciler = new DeploymentReconciler(cluster.Deployments, cluster.Hosts, cluster.Operations, cluster.Events, held, cluster.Reconciler.Options, TimeProvider.System);
        var stalePass = Task.Run(() => reconciler.ReconcileAsync(Tutorial, CancellationToken.None));
        await held.Reached.WaitAsync(TimeSpan.FromSeconds(30));

        // Meanwhile uml1 moves to host-b, and the controller records it there.
        await using var coordinator = new MigrationCoordinator(
            cluster.Deployments, cluster.Hosts, cluster.Operations, cluster.Events, cluster.AgentDirectory,
            new VmMappingOptions("/guest/vmlinux", "/guest/initrd.cpio", _ => false), TimeProvider.System);
        var start = await coordinator.StartAsync((await cluster.Deployments.GetAsync(Tutorial, CancellationToken.None))!, "uml1", "host-b", CancellationToken.None);
        start.Error.ShouldBeNull();
        await coordinator.WaitAsync(start.Operation!.Id);
        (await cluster.Operations.GetAsync(start.Operation.Id, CancellationToken.None))!.State.ShouldBe(OperationState.COMPLETED);
        var vmId = Tutorial.VmId("uml1");
        await AgentCluster.WaitUntilAsync(async () => (await cluster.Hosts.ListVmsAsync("host-b", Tutorial, CancellationToken.None)).Any(v => v.Vm == "uml1"), "the controller recorded uml1 on host-b");
        var arrived = await agents["host-b"].Driver.InspectAsync(vmId, CancellationToken.None);
        arrived.State.ShouldBe(VmState.Running);

        // The held pass goes on with the plan it read before the migration.
        held.Release();
        var outcome = await Record.ExceptionAsync(() => stalePass.WaitAsync(TimeSpan.FromSeconds(30)));

        outcome.ShouldNotBeNull("host-a refuses a desired set older than the migration's");
        outcome.Message.ShouldContain("plan revision");
        held.Removed.ShouldBeEmpty("nothing is removed on a plan that is no longer the plan");
        await Should.ThrowAsync<VmNotFoundException>(() => agents["host-a"].Driver.InspectAsync(vmId, CancellationToken.None));
        var after = await agents["host-b"].Driver.InspectAsync(vmId, CancellationToken.None);
        (after.State, after.Since).ShouldBe((VmState.Running, arrived.Since), "uml1 keeps running on host-b, never restarted");
    }

    /// <summary>The agents, except that the first converge sent to <paramref name="host"/> waits for <see cref="Release"/>; removals are recorded.</summary>
    private sealed class HoldingDirectory(IHostAgentDirectory inner, string host) : IHostAgentDirectory
    {
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _held;

        public Task Reached => _reached.Task;

        public System.Collections.Concurrent.ConcurrentBag<string> Removed { get; } = [];

        public void Release() => _released.TrySetResult();

        public IHostAgent Get(HostRecord record) => new Holding(this, inner.Get(record));

        private sealed class Holding(HoldingDirectory owner, IHostAgent agent) : IHostAgent
        {
            public string HostName => agent.HostName;

            public async Task<HostDeploymentObservation> ConvergeAsync(HostDeploymentDesired desired, CancellationToken cancellationToken)
            {
                if (agent.HostName == owner.Host && Interlocked.Exchange(ref owner._held, 1) == 0)
                {
                    owner._reached.TrySetResult();
                    await owner._released.Task.WaitAsync(cancellationToken);
                }

                return await agent.ConvergeAsync(desired, cancellationToken);
            }

            public Task<HostDeploymentObservation> RemoveAsync(string deploymentId, CancellationToken cancellationToken)
            {
                owner.Removed.Add(agent.HostName);
                return agent.RemoveAsync(deploymentId, cancellationToken);
            }

            public Task<IReadOnlyList<string>> ListDeploymentsAsync(CancellationToken cancellationToken) => agent.ListDeploymentsAsync(cancellationToken);
        }

        private string Host => host;
    }
}

using Nines.Agent.Hosting;
using Nines.Agent.Tests.Support;
using Nines.Contracts.Model;
using Nines.Drivers;
using Nines.Drivers.Errors;
using Nines.Drivers.Fake;

namespace Nines.Agent.Tests.Client;

/// <summary>The deployment controller converging hosts whose agents it reaches only over HTTP.</summary>
public sealed class ControllerOverHttpTests
{
    private static DeploymentRef Tutorial => AgentCluster.Tutorial;

    [Fact]
    public async Task Deploy_TutorialThroughOneAgent_CompletesWithFiveVmsRunningOnThatHost()
    {
        await using var cluster = new AgentCluster();
        var machine = new FakeHost(TimeProvider.System);
        var agent = await cluster.StartAgentAsync("host-a", machine);
        cluster.StartController();

        var stored = await cluster.Deployments.ApplyAsync(Tutorial, AgentCluster.TutorialYaml(), null, null, CancellationToken.None);
        var deployed = await cluster.WaitForOperationAsync(Tutorial, OperationKind.Deploy, stored.Spec.Generation);

        deployed.State.ShouldBe(OperationState.COMPLETED, deployed.Error);
        var status = (await cluster.Deployments.GetStatusAsync(Tutorial, CancellationToken.None))!;
        status.Vms.Count.ShouldBe(5);
        status.Vms.Values.ShouldAllBe(v => v.Host == "host-a" && v.State == VmPhase.Running && v.Configured);
        machine.LiveProcessCount.ShouldBe(5);
        (await agent.Agent.ListDeploymentsAsync(CancellationToken.None)).ShouldBe([Tutorial.Id]);

        var marked = await cluster.Deployments.MarkDeletedAsync(Tutorial, CancellationToken.None);
        var undeployed = await cluster.WaitForOperationAsync(Tutorial, OperationKind.Undeploy, marked!.Spec.Generation);

        undeployed.State.ShouldBe(OperationState.COMPLETED, undeployed.Error);
        machine.LiveProcessCount.ShouldBe(0);
        (await agent.Agent.ListDeploymentsAsync(CancellationToken.None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Deploy_TwoAgentsRoundRobin_EachDriverHoldsExactlyItsVms()
    {
        await using var cluster = new AgentCluster();
        var machines = new Dictionary<string, FakeHost>
        {
            ["host-a"] = new(TimeProvider.System),
            ["host-b"] = new(TimeProvider.System),
        };
        var agents = new Dictionary<string, AgentHost>();
        foreach (var (name, machine) in machines)
        {
            agents[name] = await cluster.StartAgentAsync(name, machine);
        }

        cluster.StartController();

        var stored = await cluster.Deployments.ApplyAsync(Tutorial, AgentCluster.TutorialYaml(), "RoundRobin", null, CancellationToken.None);
        var deployed = await cluster.WaitForOperationAsync(Tutorial, OperationKind.Deploy, stored.Spec.Generation);

        deployed.State.ShouldBe(OperationState.COMPLETED, deployed.Error);
        var placements = (await cluster.Deployments.GetAsync(Tutorial, CancellationToken.None))!.Spec.Plan!.Placements;
        placements.Values.Distinct().Order().ShouldBe(["host-a", "host-b"]);
        foreach (var (host, agent) in agents)
        {
            var mine = placements.Where(p => p.Value == host).Select(p => Tutorial.VmId(p.Key)).ToList();
            machines[host].LiveProcessCount.ShouldBe(mine.Count, host);
            foreach (var (vm, placedOn) in placements)
            {
                if (placedOn == host)
                {
                    (await agent.Driver.InspectAsync(Tutorial.VmId(vm), CancellationToken.None)).State.ShouldBe(VmState.Running);
                }
                else
                {
                    await Should.ThrowAsync<VmNotFoundException>(() => agent.Driver.InspectAsync(Tutorial.VmId(vm), CancellationToken.None));
                }
            }
        }
    }

    [Fact]
    public async Task Deploy_AgentDownThenBack_RetriedNotFailedThenConverges()
    {
        await using var cluster = new AgentCluster();
        var machine = new FakeHost(TimeProvider.System);
        var agent = await cluster.StartAgentAsync("host-a", machine);
        var url = agent.Url;
        cluster.StartController();
        var first = await cluster.Deployments.ApplyAsync(Tutorial, AgentCluster.TutorialYaml(), null, null, CancellationToken.None);
        (await cluster.WaitForOperationAsync(Tutorial, OperationKind.Deploy, first.Spec.Generation)).State.ShouldBe(OperationState.COMPLETED);

        // The agent stops (Kestrel and heartbeat); the VMs keep running on the machine. A new generation is applied meanwhile.
        await agent.StopAsync(CancellationToken.None);
        var second = await cluster.Deployments.ApplyAsync(Tutorial, AgentCluster.TutorialYaml(), "RoundRobin", null, CancellationToken.None);
        await AgentCluster.WaitUntilAsync(
            async () => (await cluster.Events.ListAsync(null, null, CancellationToken.None)).Events.Count(e => e.Kind == "ReconcileRetry") >= 3,
            "the controller retried the unreachable host three times");
        var retrying = (await cluster.Operations.ListAsync(Tutorial.Tenant, CancellationToken.None)).Last(o => o.Generation == second.Spec.Generation);
        retrying.IsFinished.ShouldBeFalse();
        var retries = (await cluster.Events.ListAsync(null, null, CancellationToken.None)).Events.Where(e => e.Kind == "ReconcileRetry").ToList();
        retries.ShouldContain(e => e.Reason == nameof(HttpRequestException), "the refused connection is a transient error, retried");

        // Back on the same address and machine: it re-attaches to the running VMs and the deployment converges.
        await cluster.StartAgentAsync("host-a", machine, url.AbsoluteUri.TrimEnd('/'));
        var converged = await cluster.WaitForOperationAsync(Tutorial, OperationKind.Deploy, second.Spec.Generation);

        converged.State.ShouldBe(OperationState.COMPLETED, converged.Error);
        machine.LiveProcessCount.ShouldBe(5);
    }
}

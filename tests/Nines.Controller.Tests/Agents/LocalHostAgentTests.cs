using Microsoft.Extensions.Logging;
using Nines.Agent.Convergence;
using Nines.Contracts.Agents;
using Nines.Controller.Tests.Support;
using Nines.Drivers;
using Nines.Drivers.Fake;
using Nines.Networking.Planning;
using Nines.Testing;

namespace Nines.Controller.Tests.Agents;

public sealed class LocalHostAgentTests
{
    [Fact]
    public async Task Converge_VmWithPlannedTap_DefinesNicWithDriverTapAttachment()
    {
        // Found by the real end-to-end run: the agent passed the bare tap name, which the QEMU driver refuses
        // ("not user, none or tap:NAME"); the fake driver accepted it, so only real QEMU showed it.
        var time = new FakeTimeProvider();
        await using var state = StoreKind.Open("memory", time);
        var cp = ControlPlaneHarness.Create(state, time);
        var defined = new List<VmDefinition>();
        cp.Driver.Rewrite = definition =>
        {
            defined.Add(definition);
            return definition;
        };
        await cp.RegisterHostAsync();
        await cp.Deployments.ApplyAsync(ControlPlaneHarness.Tutorial, ControlPlaneHarness.TutorialYaml(), null, null, CancellationToken.None);

        await cp.ConvergeAsync(ControlPlaneHarness.Tutorial);

        var taps = cp.Networks.Applied[ControlPlaneHarness.Tutorial.Id].Taps.ToList();
        var uml3 = defined.Last(d => d.Name == "uml3");
        uml3.Nics.Select(n => n.Attachment).ShouldBe(
            [.. uml3.Nics.Select(n => "tap:" + taps.Single(t => t.Vm == "uml3" && t.InterfaceId == n.Id).Name)]);
    }

    [Fact]
    public async Task Converge_SameDesiredSetAgain_AppliesTheNetworkPlanOncePerResyncInterval()
    {
        var time = new FakeTimeProvider();
        var networks = new CountingHostNetworks(new InMemoryHostNetworks());
        await using var agent = new LocalHostAgent("local", new FakeDriver(time), networks) { Time = time, NetworkResyncInterval = TimeSpan.FromSeconds(30), HostPaths = ControlPlaneHarness.GuestImageOnly };
        var desired = Desired("acme.lab", "vm1");

        (await agent.ConvergeAsync(desired, CancellationToken.None)).Converged.ShouldBeTrue();
        await agent.ConvergeAsync(desired, CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(29));
        await agent.ConvergeAsync(desired, CancellationToken.None);
        networks.Applies.ShouldBe(1, "nothing changed: the plan applied first still holds");

        time.Advance(TimeSpan.FromSeconds(1));
        await agent.ConvergeAsync(desired, CancellationToken.None);
        networks.Applies.ShouldBe(2, "the resync interval is over: applied again (repairs drift)");

        await agent.ConvergeAsync(Desired("acme.lab", "vm1", "vm2"), CancellationToken.None);
        networks.Applies.ShouldBe(3, "the desired set changed");

        await agent.RemoveAsync("acme.lab", CancellationToken.None);
        await agent.ConvergeAsync(Desired("acme.lab", "vm1", "vm2"), CancellationToken.None);
        networks.Applies.ShouldBe(4, "removed, then deployed again");
    }

    [Fact]
    public async Task Converge_VmCrashed_LogsTheCrashOnceWithHostAndVmId()
    {
        var time = new FakeTimeProvider();
        var logs = new CapturingLoggerProvider();
        var driver = new FakeDriver(time);
        await using var agent = new LocalHostAgent("local", driver, new InMemoryHostNetworks()) { Time = time, Logger = logs.CreateLogger(typeof(LocalHostAgent).FullName!), HostPaths = ControlPlaneHarness.GuestImageOnly };
        var desired = Desired("acme.lab", "vm1");
        for (var pass = 0; pass < 100 && (await agent.ConvergeAsync(desired, CancellationToken.None)).Vms[0].State != VmState.Running; pass++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(10);
        }

        logs.Entries.Single(e => e.EventId.Id == 3).Value("VmId").ShouldBe("acme.lab.vm1");
        logs.Entries.Single(e => e.EventId.Id == 4).Value("Host").ShouldBe("local");

        driver.Kill("acme.lab.vm1");
        for (var pass = 0; pass < 3; pass++)
        {
            (await agent.ConvergeAsync(desired, CancellationToken.None)).Vms[0].State.ShouldBe(VmState.Crashed);
        }

        var crash = logs.Entries.Where(e => e.EventId.Id == 7).ShouldHaveSingleItem("each pass sees the crash; the log has it once");
        crash.Level.ShouldBe(LogLevel.Warning);
        (crash.Value("Host"), crash.Value("VmId")).ShouldBe(("local", "acme.lab.vm1"));
        crash.Value("Reason")!.ShouldContain("killed by signal 9");
    }

    // CI run of stop 18 (MigrationOverHttpTests.Drain_...: "cannot completeincoming: it is defined"): a reconcile pass
    // that read the plan before a migration began converged with it afterwards and undid the migration's set.
    [Fact]
    public async Task Converge_OlderPlanRevisionThanApplied_IsRefusedAndChangesNothing()
    {
        var time = new FakeTimeProvider();
        var logs = new CapturingLoggerProvider();
        var driver = new FakeDriver(time);
        await using var agent = new LocalHostAgent("local", driver, new InMemoryHostNetworks()) { Time = time, Logger = logs.CreateLogger(typeof(LocalHostAgent).FullName!), HostPaths = ControlPlaneHarness.GuestImageOnly };
        (await agent.ConvergeAsync(Desired("acme.lab", "vm1", "vm2") with { PlanRevision = 7 }, CancellationToken.None)).Vms.Count.ShouldBe(2);
        await agent.ConvergeAsync(Desired("acme.lab", "vm1") with { PlanRevision = 9 }, CancellationToken.None);

        var stale = await Should.ThrowAsync<StaleDesiredSetException>(
            () => agent.ConvergeAsync(Desired("acme.lab", "vm1", "vm2") with { PlanRevision = 8 }, CancellationToken.None));

        stale.Message.ShouldContain("plan revision 8: it applied revision 9 already");
        await Should.ThrowAsync<Nines.Drivers.Errors.VmNotFoundException>(() => driver.InspectAsync("acme.lab.vm2", CancellationToken.None), "the stale set would have put vm2 back");
        agent.PlanRevisionOf("acme.lab").ShouldBe(9);
        var refused = logs.Entries.Single(e => e.EventId.Id == 13);
        (refused.Value("DeploymentId"), refused.Value("Revision"), refused.Value("Applied")).ShouldBe(("acme.lab", "8", "9"));

        // The same revision again, a newer one, and an unfenced set (0) are all applied.
        await agent.ConvergeAsync(Desired("acme.lab", "vm1") with { PlanRevision = 9 }, CancellationToken.None);
        (await agent.ConvergeAsync(Desired("acme.lab", "vm1", "vm2") with { PlanRevision = 12 }, CancellationToken.None)).Vms.Count.ShouldBe(2);
        (await agent.ConvergeAsync(Desired("acme.lab", "vm1") with { PlanRevision = 0 }, CancellationToken.None)).Vms.Count.ShouldBe(1);
        agent.PlanRevisionOf("acme.lab").ShouldBe(12);
    }

    private static HostDeploymentDesired Desired(string deployment, params string[] vms)
    {
        var yaml = "nines: 1\nname: lab\nnetworks:\n  - name: n0\nvms:\n"
            + string.Concat(vms.Select(vm => $"  - name: {vm}\n    interfaces:\n      - {{id: 1, network: n0, ipv4: [10.9.0.{vm[^1]}/24]}}\n"));
        var definitions = vms.Select((vm, i) => new VmDefinition(
            $"{deployment}.{vm}",
            vm,
            128,
            1,
            new BootSource("/guest/vmlinux", "/guest/initrd.cpio", "console=ttyS0"),
            [new NicDefinition(1, $"fe:fd:00:00:0{i + 1}:01", "n0")])).ToList();
        return new HostDeploymentDesired(deployment, yaml, definitions, IncludeHostSection: true, new Dictionary<string, int>());
    }

    private sealed class CountingHostNetworks(IHostNetworks inner) : IHostNetworks
    {
        public int Applies { get; private set; }

        public Task<NetworkPlan> ApplyAsync(NetworkDeployment deployment, CancellationToken cancellationToken)
        {
            Applies++;
            return inner.ApplyAsync(deployment, cancellationToken);
        }

        public Task RemoveAsync(string scenarioId, CancellationToken cancellationToken) => inner.RemoveAsync(scenarioId, cancellationToken);

        public Task<IReadOnlyCollection<string>> ListScenarioIdsAsync(CancellationToken cancellationToken) => inner.ListScenarioIdsAsync(cancellationToken);
    }
}

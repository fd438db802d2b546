using Nines.Availability.Client;
using Nines.Availability.Model;
using Nines.Availability.Recovery;
using Nines.Contracts.Model;
using Nines.Controller.AvailabilityShell;
using Nines.Drivers;
using Nines.Drivers.Fake;
using Nines.Store;

namespace Nines.Agent.Tests.Faults;

/// <summary>
/// The availability manager of an elected cluster controller: real etcd, three agents over HTTP (fake VMs), the
/// units' failures reaching the controller through the agents' event streams. A unit given up is instantiated again
/// on the third host (its VM re-placed in the plan) and stands by there.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class ClusterAvailabilityTests
{
    private static readonly DeploymentRef _deployment = new("acme", "ha");

    private const string Scenario = """
        nines: 1
        name: ha
        tenant: acme
        networks:
          - name: net0
        vms:
          - name: a
            interfaces:
              - {id: 0, network: net0, ipv4: [10.9.0.1/24]}
          - name: b
            interfaces:
              - {id: 0, network: net0, ipv4: [10.9.0.2/24]}
        redundancy_groups:
          - {name: svc, model: 2N, members: [a, b]}
        placement:
          - {rule: vm_at, vms: [a], host: host-a}
          - {rule: vm_at, vms: [b], host: host-b}
        """;

    [RequiresEtcdFact]
    public async Task KillActive_FailoverConfigured_StandbyTakesOverAndTheGivenUpUnitStandsByOnTheThirdHost()
    {
        await using var cluster = await FaultCluster.StartAsync();
        foreach (var host in new[] { "host-a", "host-b", "host-c" })
        {
            await cluster.StartAgentAsync(host, linked: false, fencing: null);
        }

        var controller = cluster.StartController("controller-1", new AvailabilityOptions
        {
            DiscoveryInterval = TimeSpan.FromMilliseconds(100),
            RecoveryConfigOf = (_, _, _) => new RecoveryConfig(OnFailure: RecoveryAction.Failover),
        });
        var from = (await cluster.Store.RangeAsync(HaStateKeys.Root, 1, CancellationToken.None)).Revision;
        var stored = await cluster.Deployments.ApplyAsync(_deployment, Scenario, null, null, CancellationToken.None);
        var group = await ManagedAsync(cluster, controller);
        using var stop = new CancellationTokenSource();
        var recorder = new HaStateRecorder(cluster.Store, group.QualifiedName);
        var recording = recorder.RunAsync(from, stop.Token);

        ((FakeDriver)cluster.Agents["host-a"].Driver.Vms).Kill(_deployment.VmId("a"));

        await cluster.WaitUntilOrDumpAsync(
            () => Task.FromResult(StateOf(group, "b") == HaState.Active && StateOf(group, "a") == HaState.Standby),
            "b is active and a stands by again",
            TimeSpan.FromSeconds(60));
        group.Engine.Decisions.ShouldHaveSingleItem().Action.ShouldBe(RecoveryAction.Failover);
        group.Engine.Group.FindUnit("a")!.Host.ShouldBe("host-c");
        var plan = (await cluster.Deployments.GetAsync(_deployment, CancellationToken.None))!.Spec.Plan!;
        plan.Placements["a"].ShouldBe("host-c");
        plan.Generation.ShouldBe(stored.Spec.Generation);
        (await cluster.Agents["host-c"].Driver.InspectAsync(_deployment.VmId("a"), CancellationToken.None)).State.ShouldBe(VmState.Running);
        await cluster.WaitUntilOrDumpAsync(
            async () =>
            {
                try
                {
                    await cluster.Agents["host-a"].Driver.InspectAsync(_deployment.VmId("a"), CancellationToken.None);
                    return false;
                }
                catch (Nines.Drivers.Errors.VmNotFoundException)
                {
                    return true;
                }
            },
            "a is gone from host-a");
        var events = await cluster.EventsAsync();
        events.ShouldContain(e => e.Kind == "HaInstantiationRequested");
        // Between the failover and the replacement the instance has no standby (said once); nothing else went wrong.
        events.Where(e => e.Kind == "HaWarning" && !e.Message.Contains("has no standby", StringComparison.Ordinal)).Select(e => e.Message).ShouldBeEmpty();
        cluster.Runs.Overlaps().ShouldBeEmpty();
        await stop.CancelAsync();
        await recording;
        recorder.SplitBrains.ShouldBeEmpty();
        cluster.ControllerFaults().ShouldBeEmpty();
    }

    [RequiresEtcdFact]
    public async Task HostOfTheActiveCutOff_StandbyTakesOverAfterTheFencingDeadlineAndAReplacementStandsByOnAnotherHost()
    {
        await using var cluster = await FaultCluster.StartAsync();
        foreach (var host in new[] { "host-a", "host-b", "host-c" })
        {
            await cluster.StartAgentAsync(host, linked: true, new Nines.Agent.Hosting.SelfFencingOptions());
        }

        var controller = cluster.StartController("controller-1", new AvailabilityOptions { DiscoveryInterval = TimeSpan.FromMilliseconds(100) });
        var unpinned = Scenario[..Scenario.IndexOf("placement:", StringComparison.Ordinal)];
        var from = (await cluster.Store.RangeAsync(HaStateKeys.Root, 1, CancellationToken.None)).Revision;
        await cluster.Deployments.ApplyAsync(_deployment, unpinned, "RoundRobin", null, CancellationToken.None);
        var group = await ManagedAsync(cluster, controller);
        using var stop = new CancellationTokenSource();
        var recorder = new HaStateRecorder(cluster.Store, group.QualifiedName);
        var recording = recorder.RunAsync(from, stop.Token);
        var victim = group.Engine.Group.FindUnit("a")!.Host;
        var standbyHost = group.Engine.Group.FindUnit("b")!.Host;

        // Cut off (its trunk and management links): it fences itself (destroys its VMs) when its lease is gone.
        cluster.Links[victim].Store.Cut();
        cluster.Links[victim].Agent.Cut();

        await cluster.WaitUntilOrDumpAsync(
            () => Task.FromResult(StateOf(group, "b") == HaState.Active && StateOf(group, "a") == HaState.Standby),
            "b is active and a stands by again on another host",
            TimeSpan.FromSeconds(60));
        var replacementHost = group.Engine.Group.FindUnit("a")!.Host;
        replacementHost.ShouldNotBe(victim);
        cluster.Machines[victim].LiveProcessCount.ShouldBe(0);
        replacementHost.ShouldNotBe(standbyHost, "the replacement avoids the host of the live unit");
        (await cluster.Deployments.GetAsync(_deployment, CancellationToken.None))!.Spec.Plan!.Placements["a"].ShouldBe(replacementHost);
        var events = await cluster.EventsAsync();
        var failure = (await cluster.Store.GetJsonAsync<Nines.Controller.Reconciliation.HostFailure>(
            Nines.Controller.Reconciliation.HostFailure.Key(victim), Nines.Contracts.Repositories.ControlPlaneJson.Options, CancellationToken.None))!;
        var promoted = events.First(e => e.Kind == "HaStateChanged" && e.Message.Contains("b for", StringComparison.Ordinal) && e.Message.Contains("→ Active", StringComparison.Ordinal)).Time;
        promoted.ShouldBeGreaterThanOrEqualTo(failure.FenceDeadline, $"b took over only once {victim}'s fencing deadline had passed");
        cluster.Runs.Overlaps().ShouldBeEmpty();
        await stop.CancelAsync();
        await recording;
        recorder.SplitBrains.ShouldBeEmpty();
        cluster.ControllerFaults().ShouldBeEmpty();
    }

    [RequiresEtcdTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task DrainHostOfTheActive_SwitchesOverFirstThenTheUnitMovesAndStandsByWithoutARecovery(bool live)
    {
        await using var cluster = await FaultCluster.StartAsync();

        // Without live migration (as OS-level instances) the unit is restarted on the target and its application relaunched.
        var driver = new FakeDriverOptions { Capabilities = live ? FakeDriverOptions.AllCapabilities : FakeDriverOptions.AllCapabilities & ~DriverCapabilities.LiveMigration };
        foreach (var host in new[] { "host-a", "host-b", "host-c" })
        {
            await cluster.StartAgentAsync(host, linked: false, fencing: null, driver: driver);
        }

        var controller = cluster.StartController("controller-1", new AvailabilityOptions { DiscoveryInterval = TimeSpan.FromMilliseconds(100) });
        var from = (await cluster.Store.RangeAsync(HaStateKeys.Root, 1, CancellationToken.None)).Revision;
        await cluster.Deployments.ApplyAsync(_deployment, Scenario, null, null, CancellationToken.None);
        var group = await ManagedAsync(cluster, controller);
        using var stop = new CancellationTokenSource();
        var recorder = new HaStateRecorder(cluster.Store, group.QualifiedName);
        var recording = recorder.RunAsync(from, stop.Token);
        var instance = group.Engine.Group.Instances.ShouldHaveSingleItem().Name;

        // The service in unit a (fake VMs run none): it confirms its quiesce through the HA-state client, as the sample counter does.
        var service = Task.Run(async () =>
        {
            var client = new HaStateClient(cluster.Store, group.QualifiedName, "a");
            await foreach (var snapshot in client.WatchAsync(stop.Token))
            {
                if (snapshot.StateOf(instance) == HaState.Quiescing)
                {
                    await client.ConfirmQuiescedAsync(instance, snapshot.Epoch, stop.Token);
                }
            }
        });
        var hosts = new Nines.Contracts.Repositories.HostRepository(cluster.Store);
        await using var migrations = new Nines.Controller.LiveMigration.MigrationCoordinator(
            cluster.Deployments, hosts, cluster.Operations, cluster.Events, cluster.AgentDirectory,
            new Nines.Drivers.Mapping.VmMappingOptions("/guest/vmlinux", "/guest/initrd.cpio", _ => false), TimeProvider.System);
        await using var drainer = new Nines.Controller.LiveMigration.HostDrainer(cluster.Deployments, hosts, migrations, TimeProvider.System, controller.Availability);

        var (started, _, error) = await drainer.DrainAsync("host-a", maxConcurrent: 1, CancellationToken.None);
        error.ShouldBeNull();
        started!.Drained.ShouldBeTrue();
        await drainer.WaitAsync("host-a");

        var status = await drainer.StatusAsync("host-a", CancellationToken.None);
        status.Empty.ShouldBeTrue(string.Join("; ", status.Failed));
        var moved = (live ? status.Migrated : status.Restarted).ShouldHaveSingleItem();
        moved.ShouldContain(live ? "live-migrated to host-c" : "restarted on host-c");
        moved.ShouldContain($"{instance} switched over to another unit of svc first");
        await cluster.WaitUntilOrDumpAsync(
            () => Task.FromResult(StateOf(group, "b") == HaState.Active && StateOf(group, "a") == HaState.Standby),
            "b is active and a stands by on its new host",
            TimeSpan.FromSeconds(30));
        group.Engine.Group.FindUnit("a")!.Host.ShouldBe("host-c");
        group.Engine.Decisions.ShouldBeEmpty("a drain is no failure: nothing was recovered");
        group.Engine.Transitions.Where(t => t.Instance == instance).Select(t => $"{t.Unit}:{t.From?.ToString() ?? "-"}→{t.To?.ToString() ?? "-"}").SkipWhile(t => t != "a:Active→Quiescing").ShouldBe(
            ["a:Active→Quiescing", "a:Quiescing→Quiesced", "b:Standby→Active", "a:Quiesced→Standby", "a:Standby→-", "a:-→Standby"]);
        (await cluster.Deployments.GetAsync(_deployment, CancellationToken.None))!.Spec.Plan!.Placements["a"].ShouldBe("host-c");
        await cluster.WaitUntilOrDumpAsync(() => Task.FromResult(cluster.Machines["host-a"].LiveProcessCount == 0), "nothing runs on host-a");
        // A live migration runs the incoming process beside the source until the switch, so only a restart must not
        // overlap; the HA state never may, checked below.
        if (!live)
        {
            cluster.Runs.Overlaps().ShouldBeEmpty();
        }

        await stop.CancelAsync();
        await recording;
        await Should.ThrowAsync<OperationCanceledException>(() => service);
        recorder.SplitBrains.ShouldBeEmpty();
        cluster.ControllerFaults().ShouldBeEmpty();
    }

    // The group once the elected controller manages it with every unit in service, a active and b standby.
    private static async Task<ManagedGroup> ManagedAsync(FaultCluster cluster, Nines.Controller.Hosting.ElectedController controller)
    {
        ManagedGroup? group = null;
        await cluster.WaitUntilOrDumpAsync(
            () => Task.FromResult((group = controller.Availability?.Find(_deployment, "svc")) is not null && group.Engine.Group.Units.All(u => u.InService)
                && StateOf(group, "a") == HaState.Active && StateOf(group, "b") == HaState.Standby),
            "the group is managed with a active and b standby",
            TimeSpan.FromSeconds(60));
        return group!;
    }

    private static HaState? StateOf(ManagedGroup group, string unit) =>
        group.Engine.Group.AssignmentsOf(unit).Select(a => (HaState?)a.State).FirstOrDefault();
}

using Microsoft.Extensions.Logging;
using Nines.Agent.Hosting;
using Nines.Agent.Tests.Support;
using Nines.Contracts.Model;
using Nines.Controller.HostUpgrades;
using Nines.Controller.LiveMigration;
using Nines.Drivers.Fake;
using Nines.Drivers.Mapping;
using Nines.Testing;

namespace Nines.Agent.Tests.Upgrades;

/// <summary>
/// Hypervisor upgrades through agents reached over HTTPS (fake driver, real hooks as shell commands): host by host, the
/// first failure stops it, an agent restarted by its hook is waited for, an agent without hooks is named, bad requests
/// are refused whole, an upgrade whose controller stopped is failed.
/// </summary>
public sealed class HostUpgradeTests
{
    private static readonly TimeSpan _wait = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task StartAsync_TwoHostsOneAtATime_EachDrainedHookedRejoinedAndUndrainedInOrder()
    {
        await using var setup = await SetupAsync();
        var marker = Path.Combine(setup.Directory, "ran");

        var (operation, problems) = await setup.Upgrader.StartAsync(new HostUpgradeRequest(["host-a", "host-b"], $"echo \"$NINES_HOST\" >> {marker}; echo upgraded"), CancellationToken.None);
        problems.ShouldBeEmpty();
        var ended = await WaitFinishedAsync(setup, operation!.Id);

        ended.State.ShouldBe(OperationState.COMPLETED, ended.Error);
        ended.Tenant.ShouldBe(HostUpgrader.Tenant);
        (await File.ReadAllLinesAsync(marker)).ShouldBe(["host-a", "host-b"]);
        var steps = ended.HostUpgrade!.Hosts;
        steps.Select(s => (s.Host, s.Step, s.Percent, s.HookExitCode)).ShouldBe([("host-a", "done", 100, 0), ("host-b", "done", 100, 0)]);
        steps.ShouldAllBe(s => s.HookOutput == "upgraded\n" && s.Before != null && s.After != null && s.After.ProbedAt >= s.Before.ProbedAt);

        // One at a time: host-b began only after host-a was back in service.
        steps[1].StartedAt!.Value.ShouldBeGreaterThanOrEqualTo(steps[0].FinishedAt!.Value);
        (await setup.Cluster.Hosts.ListDrainedAsync(CancellationToken.None)).ShouldBeEmpty();
        var plan = (await setup.Cluster.Deployments.GetAsync(AgentCluster.Tutorial, CancellationToken.None))!.Spec.Plan!;
        plan.Placements.Values.ShouldAllBe(h => h == "host-a", "host-b's VMs moved to host-a while it was upgraded, host-a's had gone to host-b before");
        await AgentCluster.WaitUntilAsync(
            async () => (await setup.Cluster.Deployments.GetStatusAsync(AgentCluster.Tutorial, CancellationToken.None))?.Vms.Values.All(v => v.Host == "host-a" && v.Configured) == true,
            "every VM running and configured on host-a",
            _wait);
    }

    [Fact]
    public async Task StartAsync_HookFailsOnTheFirstHost_StopsThereAndThatHostStaysDrained()
    {
        await using var setup = await SetupAsync();

        var (operation, _) = await setup.Upgrader.StartAsync(new HostUpgradeRequest(["host-a", "host-b"], "if [ \"$NINES_HOST\" = host-a ]; then echo 'E: qemu-system-x86 is broken' >&2; exit 3; fi"), CancellationToken.None);
        var ended = await WaitFinishedAsync(setup, operation!.Id);

        ended.State.ShouldBe(OperationState.FAILED);
        ended.Error.ShouldBe("host host-a: the hook exited 3: E: qemu-system-x86 is broken (it stays drained; nines host undrain host-a once it is sound)");
        ended.HostUpgrade!.Hosts.Select(s => (s.Host, s.Step, s.HookExitCode)).ShouldBe([("host-a", "failed", (int?)3), ("host-b", "pending", null)]);
        (await setup.Cluster.Hosts.ListDrainedAsync(CancellationToken.None)).Select(d => d.Host).ShouldBe(["host-a"]);
        setup.Logs.Entries.ShouldContain(e => e.Category == typeof(HostUpgrader).FullName && e.EventId.Id == 3 && e.Value("Host") == "host-a");
    }

    // The hook that replaces the agent: the agent goes away mid-hook and a new process (another port) takes its place.
    [Fact]
    public async Task StartAsync_AgentRestartedDuringItsHook_WaitsForTheNewAgentAndReadsTheHookThere()
    {
        await using var setup = await SetupAsync();
        // The hook ends only once the test has replaced the agent, so the replacement always falls inside it.
        var gate = Path.Combine(setup.Directory, "agent-replaced");
        var (operation, _) = await setup.Upgrader.StartAsync(new HostUpgradeRequest(["host-a"], $"while [ ! -e {gate} ]; do sleep 0.1; done; echo replaced"), CancellationToken.None);
        await AgentCluster.WaitUntilAsync(
            async () => (await setup.Cluster.Operations.GetAsync(operation!.Id, CancellationToken.None))!.HostUpgrade!.Hosts[0].Step == "hook",
            "host-a's hook started",
            _wait);
        var before = setup.Agents["host-a"].Url;

        await setup.Agents["host-a"].StopAsync(CancellationToken.None);
        var replaced = await setup.Cluster.StartAgentAsync("host-a", new FakeHost(TimeProvider.System), allowHooks: true);
        (await setup.Cluster.Operations.GetAsync(operation!.Id, CancellationToken.None))!.HostUpgrade!.Hosts[0].Step.ShouldBe("hook");
        await File.WriteAllTextAsync(gate, "go");
        var ended = await WaitFinishedAsync(setup, operation!.Id);

        replaced.Url.ShouldNotBe(before);
        ended.State.ShouldBe(OperationState.COMPLETED, ended.Error);
        ended.HostUpgrade!.Hosts[0].HookOutput.ShouldBe("replaced\n");
        (await setup.Cluster.Hosts.ListAsync(CancellationToken.None)).Single(h => h.Name == "host-a").AgentUrl.ShouldBe(replaced.Url.AbsoluteUri.TrimEnd('/'));
    }

    [Fact]
    public async Task StartAsync_AgentNotAllowedToRunHooks_FailsNamingTheOption()
    {
        await using var setup = await SetupAsync(allowHooks: false);

        var (operation, _) = await setup.Upgrader.StartAsync(new HostUpgradeRequest(["host-a"], "true"), CancellationToken.None);
        var ended = await WaitFinishedAsync(setup, operation!.Id);

        ended.State.ShouldBe(OperationState.FAILED);
        ended.Error!.ShouldContain("--allow-hooks");
        ended.Error.ShouldStartWith("host host-a: ");
    }

    [Fact]
    public async Task StartAsync_BadRequest_EveryProblemAtOnceAndNothingStarts()
    {
        await using var setup = await SetupAsync();

        var (operation, problems) = await setup.Upgrader.StartAsync(new HostUpgradeRequest(["host-a", "host-z", "host-a"], " ", MaxUnavailable: 2, HookTimeout: TimeSpan.FromDays(2), MaxConcurrentMoves: 0), CancellationToken.None);

        operation.ShouldBeNull();
        problems.Select(p => p.Field).ShouldBe(["hosts", "hosts", "hook", "hookTimeoutSeconds", "maxUnavailable", "maxConcurrentMoves"], ignoreOrder: true);
        problems.ShouldContain(p => p.Message.Contains("host-z", StringComparison.Ordinal) && p.Message.Contains("host-a, host-b", StringComparison.Ordinal));
        (await setup.Cluster.Operations.ListAsync(HostUpgrader.Tenant, CancellationToken.None)).ShouldBeEmpty();
        (await setup.Cluster.Hosts.ListDrainedAsync(CancellationToken.None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task StartAsync_WhileAnotherRuns_RefusedNamingIt()
    {
        await using var setup = await SetupAsync();
        var (first, _) = await setup.Upgrader.StartAsync(new HostUpgradeRequest(["host-a"], "sleep 2"), CancellationToken.None);

        var (second, problems) = await setup.Upgrader.StartAsync(new HostUpgradeRequest(["host-b"], "true"), CancellationToken.None);

        second.ShouldBeNull();
        problems.ShouldContain(p => p.Field == "hosts" && p.Message.Contains(first!.Id, StringComparison.Ordinal));
        (await WaitFinishedAsync(setup, first!.Id)).State.ShouldBe(OperationState.COMPLETED);
    }

    // A start whose operation could not be written ran nothing: it must not leave the upgrader thinking one runs.
    [Fact]
    public async Task StartAsync_OperationNotWritten_ThrowsAndTheNextStartRuns()
    {
        await using var setup = await SetupAsync();
        var disk = new FullDiskStore(setup.Cluster.Store);
        await using var upgrader = new HostUpgrader(
            setup.Cluster.Hosts, setup.Drainer, new Controller.Repositories.OperationRepository(disk, TimeProvider.System), setup.Cluster.AgentDirectory, TimeProvider.System,
            new HostUpgraderOptions { PollInterval = TimeSpan.FromMilliseconds(100) });

        await Should.ThrowAsync<IOException>(() => upgrader.StartAsync(new HostUpgradeRequest(["host-a"], "true"), CancellationToken.None));
        disk.Full = false;
        var (operation, problems) = await upgrader.StartAsync(new HostUpgradeRequest(["host-a"], "true"), CancellationToken.None);

        problems.ShouldBeEmpty();
        (await WaitFinishedAsync(setup, operation!.Id)).State.ShouldBe(OperationState.COMPLETED);
    }

    [Fact]
    public async Task FailAbandonedAsync_UpgradeNobodyWrote_FailedNamingTheDrainedHost()
    {
        await using var setup = await SetupAsync();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var stale = time.GetUtcNow() - HostUpgrader.AbandonedAfter - TimeSpan.FromSeconds(1);
        var orphan = new Operation(
            "op-00000000000000aa", OperationKind.HostUpgrade, HostUpgrader.Tenant, "hosts", 0, OperationState.PROCESSING,
            new Dictionary<string, VmProgress>(), null, stale, stale, null,
            HostUpgrade: new HostUpgradeRecord("true", 1, 60, [new HostUpgradeStep("host-a", "hook", 40), new HostUpgradeStep("host-b", "pending", 0)]));
        await setup.Cluster.Operations.PutAsync(orphan, CancellationToken.None);
        await using var upgrader = new HostUpgrader(setup.Cluster.Hosts, setup.Drainer, setup.Cluster.Operations, setup.Cluster.AgentDirectory, time);

        (await upgrader.FailAbandonedAsync(CancellationToken.None)).ShouldBe(1);

        var failed = (await setup.Cluster.Operations.GetAsync(orphan.Id, CancellationToken.None))!;
        failed.State.ShouldBe(OperationState.FAILED);
        failed.Error!.ShouldContain("host(s) host-a may still be drained");
        (await upgrader.FailAbandonedAsync(CancellationToken.None)).ShouldBe(0);
    }

    private static async Task<Operation> WaitFinishedAsync(Setup setup, string id)
    {
        Operation? operation = null;
        await AgentCluster.WaitUntilAsync(async () => (operation = await setup.Cluster.Operations.GetAsync(id, CancellationToken.None)) is { IsFinished: true }, $"upgrade {id} finished", _wait);
        return operation!;
    }

    private static async Task<Setup> SetupAsync(bool allowHooks = true)
    {
        var cluster = new AgentCluster();
        var agents = new Dictionary<string, AgentHost>();
        foreach (var name in new[] { "host-a", "host-b" })
        {
            agents[name] = await cluster.StartAgentAsync(name, new FakeHost(TimeProvider.System), allowHooks: allowHooks);
        }

        cluster.StartController();
        var stored = await cluster.Deployments.ApplyAsync(AgentCluster.Tutorial, AgentCluster.TutorialYaml(), "RoundRobin", null, CancellationToken.None);
        (await cluster.WaitForOperationAsync(AgentCluster.Tutorial, OperationKind.Deploy, stored.Spec.Generation)).State.ShouldBe(OperationState.COMPLETED);
        var logs = new CapturingLoggerProvider();
        var coordinator = new MigrationCoordinator(
            cluster.Deployments, cluster.Hosts, cluster.Operations, cluster.Events, cluster.AgentDirectory,
            new VmMappingOptions("/guest/vmlinux", "/guest/initrd.cpio", _ => false), TimeProvider.System);
        var drainer = new HostDrainer(cluster.Deployments, cluster.Hosts, coordinator, TimeProvider.System);
        var upgrader = new HostUpgrader(
            cluster.Hosts, drainer, cluster.Operations, cluster.AgentDirectory, TimeProvider.System,
            new HostUpgraderOptions { PollInterval = TimeSpan.FromMilliseconds(100), RejoinTimeout = TimeSpan.FromSeconds(60) },
            logs.CreateFactory().CreateLogger<HostUpgrader>());
        return new Setup(cluster, agents, coordinator, drainer, upgrader, logs, Directory.CreateTempSubdirectory("nines-upgrade-").FullName);
    }

    private sealed record Setup(AgentCluster Cluster, Dictionary<string, AgentHost> Agents, MigrationCoordinator Coordinator, HostDrainer Drainer, HostUpgrader Upgrader, CapturingLoggerProvider Logs, string Directory) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Upgrader.DisposeAsync();
            await Drainer.DisposeAsync();
            await Coordinator.DisposeAsync();
            await Cluster.DisposeAsync();
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}

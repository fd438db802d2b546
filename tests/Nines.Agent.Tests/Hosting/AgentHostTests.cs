using Nines.Agent.Hosting;
using Nines.Agent.Tests.Support;
using Nines.Controller.RemoteAgents;
using Nines.Drivers;
using Nines.Drivers.Fake;
using Nines.Store.Memory;
using Nines.Testing;

namespace Nines.Agent.Tests.Hosting;

/// <summary>The agent process's registration and restart, on a fake clock (store leases, heartbeat, the fake machine).</summary>
public sealed class AgentHostTests : IAsyncLifetime
{
    private static readonly TimeSpan _ttl = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan _interval = TimeSpan.FromSeconds(1);

    private readonly FakeTimeProvider _time = new();
    private readonly MemoryStateStore _store;
    private readonly string _data = Directory.CreateTempSubdirectory("nines-agent-host-").FullName;
    private readonly List<AgentHost> _agents = [];

    public AgentHostTests() => _store = new MemoryStateStore(_time, TimeSpan.FromMilliseconds(500));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var agent in _agents)
        {
            await agent.DisposeAsync();
        }

        await _store.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task Start_RegistersTheHostWithTheUrlItListensOn()
    {
        var agent = await StartAsync(new FakeHost(_time));

        var record = (await agent.Hosts.ListAsync(CancellationToken.None)).ShouldHaveSingleItem();
        (record.Name, record.AgentUrl, record.MemoryMiB).ShouldBe(("host-a", agent.Url.AbsoluteUri.TrimEnd('/'), 8192L));
        agent.Url.Port.ShouldBeGreaterThan(0);
        using var client = new HttpHostAgent(record.Name, new Uri(record.AgentUrl), TestPki.Controller);
        (await client.GetHealthAsync(CancellationToken.None)).Host.ShouldBe("host-a");
    }

    [Fact]
    public async Task Heartbeat_ClockRunsPastTheLeaseTtl_RegistrationIsRenewed()
    {
        var agent = await StartAsync(new FakeHost(_time));
        var started = _time.GetUtcNow();

        for (var beat = 1; beat <= 6; beat++)
        {
            await AdvanceUntilHeartbeatAsync(agent);
        }

        var record = (await agent.Hosts.ListAsync(CancellationToken.None)).ShouldHaveSingleItem();
        (record.LastHeartbeat - started).ShouldBeGreaterThan(_ttl * 1.5);
    }

    [Fact]
    public async Task Restart_SameMachineAfterTheLeaseLapsed_ReRegistersAndReattachesTheRunningVms()
    {
        var machine = new FakeHost(_time);
        var first = await StartAsync(machine);
        using (var client = new HttpHostAgent("host-a", first.Url, TestPki.Controller))
        {
            await OpsScenario.ConvergeAsync(client, OpsScenario.Desired(), () => _time.Advance(TimeSpan.FromMilliseconds(100)));
        }

        await first.StopAsync(CancellationToken.None);
        _time.Advance(_ttl + _interval);
        await AgentCluster.WaitUntilAsync(async () => (await first.Hosts.ListAsync(CancellationToken.None)).Count == 0, "the stopped agent's lease lapsed");
        machine.LiveProcessCount.ShouldBe(2, "stopping the agent leaves its VMs running");

        var second = await StartAsync(machine);

        (await second.Hosts.ListAsync(CancellationToken.None)).ShouldHaveSingleItem().AgentUrl.ShouldBe(second.Url.AbsoluteUri.TrimEnd('/'));
        using var again = new HttpHostAgent("host-a", second.Url, TestPki.Controller);
        (await again.ListDeploymentsAsync(CancellationToken.None)).ShouldBe([OpsScenario.Deployment.Id]);
        (await again.InspectVmAsync(OpsScenario.Vm1, CancellationToken.None)).State.ShouldBe(VmState.Running);
        var observation = await again.ConvergeAsync(OpsScenario.Desired(), CancellationToken.None);
        observation.Vms.ShouldAllBe(v => v.State == VmState.Running);
        machine.LiveProcessCount.ShouldBe(2, "the restarted agent re-attached instead of starting the VMs again");
    }

    // The chaos soak restarted an agent the fence guard had just restarted: two agents drove one host.
    [Fact]
    public async Task Start_AnotherAgentServesTheDataDirectory_RefusedNamingItAndTheFirstKeepsServing()
    {
        var machine = new FakeHost(_time);
        var first = await StartAsync(machine);

        var refused = await Should.ThrowAsync<InvalidOperationException>(() => StartAsync(machine));

        refused.Message.ShouldContain($"another agent already serves host \"host-a\" from {_data} (pid {Environment.ProcessId})");
        (await first.Hosts.ListAsync(CancellationToken.None)).ShouldHaveSingleItem().AgentUrl.ShouldBe(first.Url.AbsoluteUri.TrimEnd('/'));
        using var client = new HttpHostAgent("host-a", first.Url, TestPki.Controller);
        (await client.GetHealthAsync(CancellationToken.None)).Host.ShouldBe("host-a");

        await first.AbandonAsync();
        var next = await StartAsync(machine);
        next.DataDirectory.ShouldBe(_data);
    }

    private async Task<AgentHost> StartAsync(FakeHost machine)
    {
        var agent = await AgentHost.StartAsync(
            new AgentHostOptions(_store, "host-a", TestPki.Agent("host-a"))
            {
                Driver = EmbeddedDriverKind.Fake,
                ListenUrl = "http://127.0.0.1:0",
                DataDirectory = _data,
                FakeMachine = machine,
                ImageRoots = [AgentCluster.GuestDirectory],
                MemoryMiB = 8192,
                HostLeaseTtl = _ttl,
                HeartbeatInterval = _interval,
                TimeProvider = _time,
            },
            CancellationToken.None);
        _agents.Add(agent);
        return agent;
    }

    /// <summary>
    /// Moves the clock one interval at a time until the heartbeat has refreshed the record at the new time (the
    /// heartbeat may not be waiting on the clock yet when it first moves).
    /// </summary>
    private async Task AdvanceUntilHeartbeatAsync(AgentHost agent)
    {
        var before = (await agent.Hosts.ListAsync(CancellationToken.None)).Single().LastHeartbeat;
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (attempt % 10 == 0)
            {
                _time.Advance(_interval);
            }

            await Task.Delay(10);
            if ((await agent.Hosts.ListAsync(CancellationToken.None)).SingleOrDefault() is { } record && record.LastHeartbeat > before)
            {
                return;
            }
        }

        throw new TimeoutException("no heartbeat");
    }
}

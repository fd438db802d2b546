using System.Net;
using Nines.Agent.Hosting;
using Nines.Agent.Tests.Support;
using Nines.Contracts.Model;
using Nines.Contracts.Repositories;
using Nines.Controller.Hosting;
using Nines.Controller.Reconciliation;
using Nines.Controller.RemoteAgents;
using Nines.Controller.Repositories;
using Nines.Drivers.Fake;
using Nines.Drivers.Mapping;
using Nines.Store.Etcd;
using Nines.Testing;
using Nines.Testing.Etcd;

namespace Nines.Agent.Tests.Faults;

/// <summary>
/// A cluster for fault injection: real etcd (one member or three), agents (<see cref="AgentHost"/>, fake driver,
/// Kestrel on loopback) that may reach etcd and be reached by the controllers only through their own
/// <see cref="TcpLinkProxy"/> (their management link, which a test cuts), and controllers (<see cref="ElectedController"/>)
/// campaigning on the same etcd. Every fake VM process start and end is recorded by <see cref="Runs"/>.
/// </summary>
internal sealed class FaultCluster : IAsyncDisposable
{
    private readonly List<AgentHost> _agents = [];
    private readonly List<ElectedController> _controllers = [];
    private readonly List<EtcdStateStore> _stores = [];
    private readonly List<TcpLinkProxy> _links = [];
    private readonly HttpHostAgentDirectory _directory = new(TestPki.Controller) { RequestTimeout = TimeSpan.FromSeconds(5), ConvergeTimeout = TimeSpan.FromSeconds(5), ReadTimeout = TimeSpan.FromSeconds(5) };
    private readonly string _data = Directory.CreateTempSubdirectory("nines-fault-tests-").FullName;

    private FaultCluster(EtcdServer? server, EtcdCluster? cluster)
    {
        Server = server;
        Cluster = cluster;
        Endpoints = cluster?.ClientUrls ?? [server!.ClientUrl];
        Store = Connect(Endpoints);
        Deployments = new DeploymentRepository(Store, TimeProvider.System);
        Operations = new OperationRepository(Store, TimeProvider.System);
        Events = new EventLog(Store, TimeProvider.System);
    }

    public static DeploymentRef Tutorial => Support.AgentCluster.Tutorial;

    public EtcdServer? Server { get; }

    public EtcdCluster? Cluster { get; }

    public IReadOnlyList<Uri> Endpoints { get; }

    /// <summary>The test's own connection to etcd (direct, never cut).</summary>
    public EtcdStateStore Store { get; }

    public DeploymentRepository Deployments { get; }

    public OperationRepository Operations { get; }

    public EventLog Events { get; }

    public RunRecorder Runs { get; } = new();

    /// <summary>The agents as the test reaches them (the directory the controllers use).</summary>
    public Nines.Contracts.Agents.IHostAgentDirectory AgentDirectory => _directory;

    public Dictionary<string, FakeHost> Machines { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, AgentHost> Agents { get; } = new(StringComparer.Ordinal);

    /// <summary>Each agent's management link (to etcd and from the controllers), when it has one.</summary>
    public Dictionary<string, (TcpLinkProxy Store, TcpLinkProxy Agent)> Links { get; } = new(StringComparer.Ordinal);

    public static async Task<FaultCluster> StartAsync(int etcdMembers = 1)
    {
        var dataRoot = Directory.Exists("/dev/shm") ? "/dev/shm" : null;
        if (etcdMembers == 1)
        {
            var server = await EtcdServer.StartAsync(new EtcdServerOptions { HeartbeatInterval = TimeSpan.FromMilliseconds(20), ElectionTimeout = TimeSpan.FromMilliseconds(200), DataRoot = dataRoot });
            return new FaultCluster(server, null);
        }

        return new FaultCluster(null, await EtcdCluster.StartAsync(etcdMembers, new EtcdServerOptions { DataRoot = dataRoot }));
    }

    /// <summary>
    /// Starts an agent for <paramref name="host"/> and waits until it is registered. With <paramref name="linked"/> its
    /// etcd connection and its HTTP endpoint go through proxies the test can cut (a single etcd member only).
    /// </summary>
    public async Task<AgentHost> StartAgentAsync(string host, bool linked, SelfFencingOptions? fencing, TimeSpan? leaseTtl = null, FakeDriverOptions? driver = null)
    {
        var machine = new FakeHost(TimeProvider.System);
        Runs.Watch(host, machine);
        Machines[host] = machine;
        var endpoints = Endpoints;
        TcpLinkProxy? agentLink = null;
        if (linked)
        {
            var storeLink = TcpLinkProxy.For(Endpoints[0]);
            agentLink = new TcpLinkProxy();
            _links.Add(storeLink);
            _links.Add(agentLink);
            Links[host] = (storeLink, agentLink);
            endpoints = [storeLink.Url];
        }

        var store = Connect(endpoints);
        var agent = await AgentHost.StartAsync(
            new AgentHostOptions(store, host, TestPki.Agent(host))
            {
                Driver = EmbeddedDriverKind.Fake,
                ListenUrl = "http://127.0.0.1:0",
                AdvertisedUrl = agentLink is null ? null : $"https://{agentLink.Url.Authority}",
                DataDirectory = Path.Combine(_data, host),
                FakeMachine = machine,
                FakeDriver = driver,
                ImageRoots = [Support.AgentCluster.GuestDirectory],
                MemoryMiB = 64 * 1024,
                HostLeaseTtl = leaseTtl ?? TimeSpan.FromSeconds(3),
                HeartbeatInterval = TimeSpan.FromMilliseconds(500),
                SelfFencing = fencing,
            },
            CancellationToken.None);
        if (agentLink is not null)
        {
            agentLink.Target = new IPEndPoint(IPAddress.Loopback, agent.BoundUrl.Port);
        }

        _agents.Add(agent);
        Agents[host] = agent;
        return agent;
    }

    /// <summary>Starts a controller campaigning on the cluster's etcd.</summary>
    public ElectedController StartController(string name, Nines.Controller.AvailabilityShell.AvailabilityOptions? availability = null)
    {
        var options = new ReconcilerOptions(new VmMappingOptions("/guest/vmlinux", "/guest/initrd.cpio", _ => false))
        {
            BaseBackoff = TimeSpan.FromMilliseconds(100),
            MaxBackoff = TimeSpan.FromMilliseconds(500),
            ConvergePollInterval = TimeSpan.FromMilliseconds(100),
        };
        var controller = ElectedController.Start(new ElectedControllerOptions(Connect(Endpoints), _directory, options)
        {
            Election = new ControllerElectionOptions { Candidate = name, Ttl = TimeSpan.FromSeconds(2) },
            Availability = availability ?? new Nines.Controller.AvailabilityShell.AvailabilityOptions(),
        });
        _controllers.Add(controller);
        return controller;
    }

    public async Task<Operation> WaitForOperationAsync(long generation, TimeSpan? timeout = null)
    {
        Operation? operation = null;
        await WaitUntilAsync(
            async () =>
            {
                operation = (await Operations.ListAsync(Tutorial.Tenant, CancellationToken.None))
                    .LastOrDefault(o => o.Deployment == Tutorial.Name && o.Kind == OperationKind.Deploy && o.Generation == generation);
                return operation is { IsFinished: true };
            },
            $"the deploy of generation {generation} finishes",
            timeout ?? TimeSpan.FromSeconds(60));
        return operation!;
    }

    /// <summary>The failures of controllers whose loop died (none is the goal).</summary>
    public IReadOnlyList<string> ControllerFaults() =>
        [.. _controllers.Where(c => c.Completion.IsFaulted).Select(c => $"{c.Candidate}: {c.Completion.Exception!.InnerException}")];

    /// <summary>The event log as text, for failure messages.</summary>
    public async Task<string> EventTextAsync() =>
        string.Join("\n", (await EventsAsync()).Select(e => $"{e.Time:HH:mm:ss.fff} {e.Kind} {e.Subject} {e.Reason}: {e.Message}"));

    public async Task<IReadOnlyList<EventRecord>> EventsAsync() => (await Events.ListAsync(null, null, CancellationToken.None)).Events;

    /// <summary><see cref="WaitUntilAsync"/>, failing with the event log when it times out.</summary>
    public async Task WaitUntilOrDumpAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        try
        {
            await WaitUntilAsync(condition, what, timeout);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}; events:\n{await EventTextAsync()}", e);
        }
    }

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = TimeProvider.System.GetUtcNow() + (timeout ?? TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            if (TimeProvider.System.GetUtcNow() > deadline)
            {
                throw new TimeoutException($"timed out waiting until {what}");
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var controller in _controllers)
        {
            await controller.DisposeAsync();
        }

        foreach (var agent in _agents)
        {
            await agent.AbandonAsync();
        }

        foreach (var link in _links)
        {
            await link.DisposeAsync();
        }

        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        _directory.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }

        Directory.Delete(_data, recursive: true);
    }

    private EtcdStateStore Connect(IReadOnlyList<Uri> endpoints)
    {
        var store = EtcdStateStore.Connect(new EtcdStoreOptions { Endpoints = endpoints, RequestTimeout = TimeSpan.FromSeconds(2), ConnectTimeout = TimeSpan.FromSeconds(1) });
        _stores.Add(store);
        return store;
    }
}

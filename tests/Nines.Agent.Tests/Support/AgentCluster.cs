using Nines.Agent.Hosting;
using Nines.Contracts.Model;
using Nines.Contracts.Repositories;
using Nines.Controller.Reconciliation;
using Nines.Controller.RemoteAgents;
using Nines.Controller.Repositories;
using Nines.Drivers.Fake;
using Nines.Drivers.Mapping;
using Nines.Scenarios;
using Nines.Scenarios.Native;
using Nines.Store.Memory;

namespace Nines.Agent.Tests.Support;

/// <summary>
/// A controller and agents over real loopback HTTP: a memory store, agents (<see cref="AgentHost"/>, fake driver,
/// Kestrel on 127.0.0.1:0) registered in it with their URLs, and the deployment controller reaching them through a
/// <see cref="HttpHostAgentDirectory"/>. Real time, with short leases and backoffs.
/// </summary>
internal sealed class AgentCluster : IAsyncDisposable
{
    /// <summary>Where the controllers' fake mapping puts the guest image: every test agent has it as an image root, as a real agent has its own.</summary>
    public const string GuestDirectory = "/guest";

    private readonly CancellationTokenSource _stop = new();
    private readonly List<AgentHost> _agents = [];
    private readonly HttpHostAgentDirectory _directory = new(TestPki.Controller) { RequestTimeout = TimeSpan.FromSeconds(10), ConvergeTimeout = TimeSpan.FromSeconds(10), ReadTimeout = TimeSpan.FromSeconds(10) };
    private readonly string _data = Directory.CreateTempSubdirectory("nines-agent-tests-").FullName;
    private Task _controller = Task.CompletedTask;

    public AgentCluster()
    {
        Deployments = new DeploymentRepository(Store, TimeProvider.System);
        Hosts = new HostRepository(Store);
        Operations = new OperationRepository(Store, TimeProvider.System);
        Events = new EventLog(Store, TimeProvider.System);
        var options = new ReconcilerOptions(new VmMappingOptions("/guest/vmlinux", "/guest/initrd.cpio", _ => false))
        {
            BaseBackoff = TimeSpan.FromMilliseconds(100),
            MaxBackoff = TimeSpan.FromMilliseconds(400),
            ConvergePollInterval = TimeSpan.FromMilliseconds(100),
        };
        Reconciler = new DeploymentReconciler(Deployments, Hosts, Operations, Events, _directory, options, TimeProvider.System);
    }

    public static DeploymentRef Tutorial { get; } = new("acme", "tutorial");

    public MemoryStateStore Store { get; } = new(TimeProvider.System, TimeSpan.FromMilliseconds(100));

    public DeploymentRepository Deployments { get; }

    public HostRepository Hosts { get; }

    public OperationRepository Operations { get; }

    public EventLog Events { get; }

    public DeploymentReconciler Reconciler { get; }

    /// <summary>The controller's view of the agents (HTTP clients by registered URL), for composing the REST API over them.</summary>
    public HttpHostAgentDirectory AgentDirectory => _directory;

    /// <summary>Starts an agent for <paramref name="host"/> on a free loopback port (or <paramref name="listenUrl"/>) and waits until it is registered.</summary>
    public async Task<AgentHost> StartAgentAsync(string host, FakeHost? machine = null, string listenUrl = "http://127.0.0.1:0", bool allowHooks = false)
    {
        var agent = await AgentHost.StartAsync(
            new AgentHostOptions(Store, host, TestPki.Agent(host))
            {
                Driver = EmbeddedDriverKind.Fake,
                ListenUrl = listenUrl,
                DataDirectory = Path.Combine(_data, host),
                FakeMachine = machine,
                ImageRoots = [GuestDirectory],
                MemoryMiB = 64 * 1024,
                HostLeaseTtl = TimeSpan.FromSeconds(2),
                HeartbeatInterval = TimeSpan.FromMilliseconds(200),
                AllowHooks = allowHooks,
            },
            CancellationToken.None);
        _agents.Add(agent);
        return agent;
    }

    /// <summary>Runs the controller loop in the background until disposal.</summary>
    public void StartController()
    {
        var controller = new DeploymentController(Store, Reconciler, Events, TimeProvider.System);
        _controller = Task.Run(() => controller.RunAsync(_stop.Token));
    }

    public static string TutorialYaml()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "data", "vnuml", "tutorial_root1_xp_sysprep.xml");
        var document = ScenarioReader.Read(File.ReadAllText(path), path);
        document.Succeeded.ShouldBeTrue(string.Join("\n", document.Diagnostics));
        return NativeScenarioWriter.Write(document.Value!.Scenario);
    }

    /// <summary>Waits for the operation of <paramref name="kind"/> at <paramref name="generation"/> to finish; fails the test if the controller died.</summary>
    public async Task<Operation> WaitForOperationAsync(DeploymentRef deployment, OperationKind kind, long generation, TimeSpan? timeout = null)
    {
        var deadline = TimeProvider.System.GetUtcNow() + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            if (_controller.IsFaulted)
            {
                await _controller;
            }

            var operation = (await Operations.ListAsync(deployment.Tenant, CancellationToken.None))
                .LastOrDefault(o => o.Deployment == deployment.Name && o.Kind == kind && o.Generation == generation);
            if (operation is { IsFinished: true })
            {
                return operation;
            }

            if (TimeProvider.System.GetUtcNow() > deadline)
            {
                throw new TimeoutException($"operation {kind} of {deployment} at generation {generation} did not finish: {operation?.State.ToString() ?? "not created"}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Polls <paramref name="condition"/> every 50 ms until it holds; throws after <paramref name="timeout"/>.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = TimeProvider.System.GetUtcNow() + (timeout ?? TimeSpan.FromSeconds(20));
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
        await _stop.CancelAsync();
        try
        {
            await _controller;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        foreach (var agent in _agents)
        {
            await agent.DisposeAsync();
        }

        _directory.Dispose();
        await Store.DisposeAsync();
        _stop.Dispose();
        Directory.Delete(_data, recursive: true);
    }
}

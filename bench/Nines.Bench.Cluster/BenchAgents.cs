using Nines.Agent.Hosting;
using Nines.Drivers.Fake;
using Nines.Store;

namespace Nines.Bench.Cluster;

/// <summary>Host agents in this process (fake VMs, Kestrel on loopback) registered in the benchmark's etcd.</summary>
internal sealed class BenchAgents(IStateStore store, string dataDirectory) : IAsyncDisposable
{
    public Dictionary<string, FakeHost> Machines { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, AgentHost> Agents { get; } = new(StringComparer.Ordinal);

    public static string TutorialXml() => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "tutorial.xml"));

    /// <summary>Starts (or replaces) the agent of <paramref name="host"/> on a new fake machine, with the default lease and fencing settings.</summary>
    public async Task<AgentHost> StartAsync(string host, SelfFencingOptions? fencing, Action<string, FakeHost>? watch = null)
    {
        var machine = new FakeHost(TimeProvider.System);
        watch?.Invoke(host, machine);
        var agent = await AgentHost.StartAsync(
            new AgentHostOptions(store, host, ControllerProcess.AgentCredentials(host))
            {
                Driver = EmbeddedDriverKind.Fake,
                ListenUrl = "http://127.0.0.1:0",
                DataDirectory = Path.Combine(dataDirectory, host + "-" + Guid.NewGuid().ToString("N")[..6]),
                FakeMachine = machine,
                ImageRoots = ["/guest"],   // the controller's fake mapping puts the guest image there
                MemoryMiB = 64 * 1024,
                SelfFencing = fencing,
            },
            CancellationToken.None);
        Machines[host] = machine;
        Agents[host] = agent;
        return agent;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var agent in Agents.Values)
        {
            await agent.AbandonAsync();
        }
    }
}

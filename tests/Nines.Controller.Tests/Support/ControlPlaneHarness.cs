using Nines.Agent.Convergence;
using Nines.Contracts.Agents;
using Nines.Contracts.Model;
using Nines.Contracts.Repositories;
using Nines.Controller.Reconciliation;
using Nines.Controller.Repositories;
using Nines.Drivers.Fake;
using Nines.Drivers.HostPaths;
using Nines.Drivers.Mapping;
using Nines.Scenarios;
using Nines.Scenarios.Native;
using Nines.Store;
using Nines.Testing;

namespace Nines.Controller.Tests.Support;

/// <summary>
/// One controller process over a store and a fake machine: build a second one on the same store and
/// <see cref="FakeHost"/> to play the restarted process after a kill.
/// </summary>
internal sealed class ControlPlaneHarness
{
    public const string HostName = "local";

    /// <summary>The host-path policy of a host whose only files are the fake guest image's (what the mapping below names).</summary>
    public static HostPathPolicy GuestImageOnly { get; } = new(["/guest"], null);

    public ControlPlaneHarness(IStateStore store, FakeTimeProvider time, FakeHost machine, InMemoryHostNetworks networks, FakeDriverOptions? driverOptions = null)
    {
        Store = store;
        Time = time;
        Machine = machine;
        Networks = networks;
        Driver = new InterposedDriver(new FakeDriver(machine, driverOptions));
        Agent = new LocalHostAgent(HostName, Driver, networks) { HostPaths = GuestImageOnly };
        Deployments = new DeploymentRepository(store, time);
        Hosts = new HostRepository(store);
        Operations = new OperationRepository(store, time);
        Events = new EventLog(store, time);
        Options = new ReconcilerOptions(new VmMappingOptions("/guest/vmlinux", "/guest/initrd.cpio", _ => false))
        {
            BaseBackoff = TimeSpan.FromSeconds(1),
            MaxBackoff = TimeSpan.FromSeconds(8),
        };
        Reconciler = new DeploymentReconciler(Deployments, Hosts, Operations, Events, new LocalHostAgentDirectory(Agent), Options, time);
    }

    public static DeploymentRef Tutorial { get; } = new("acme", "tutorial");

    public IStateStore Store { get; }

    public FakeTimeProvider Time { get; }

    public FakeHost Machine { get; }

    public InMemoryHostNetworks Networks { get; }

    public InterposedDriver Driver { get; }

    public LocalHostAgent Agent { get; }

    public DeploymentRepository Deployments { get; }

    public HostRepository Hosts { get; }

    public OperationRepository Operations { get; }

    public EventLog Events { get; }

    public ReconcilerOptions Options { get; }

    public DeploymentReconciler Reconciler { get; }

    public static ControlPlaneHarness Create(IStateStore store, FakeTimeProvider time, FakeDriverOptions? driverOptions = null) =>
        new(store, time, new FakeHost(time), new InMemoryHostNetworks(), driverOptions);

    /// <summary>The next process on the same store and machine (the driver re-attaches).</summary>
    public ControlPlaneHarness Restart() => new(Store, Time, Machine, Networks);

    public static string TutorialYaml()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "data", "vnuml", "tutorial_root1_xp_sysprep.xml");
        var document = ScenarioReader.Read(File.ReadAllText(path), path);
        document.Succeeded.ShouldBeTrue(string.Join("\n", document.Diagnostics));
        return NativeScenarioWriter.Write(document.Value!.Scenario);
    }

    public Task RegisterHostAsync(long memoryMiB = 8192) =>
        Hosts.RegisterAsync(new HostRecord(HostName, "local:", memoryMiB, null, 0, 0, Time.GetUtcNow()), TimeSpan.FromHours(1), CancellationToken.None);

    /// <summary>Runs passes (advancing the clock by each requeue delay) until one says done; returns the passes run.</summary>
    public async Task<int> ConvergeAsync(DeploymentRef deployment, int maxPasses = 20)
    {
        for (var pass = 1; pass <= maxPasses; pass++)
        {
            var result = await Reconciler.ReconcileAsync(deployment, CancellationToken.None);
            if (result.RequeueAfter is not { } after)
            {
                return pass;
            }

            Time.Advance(after);
        }

        throw new InvalidOperationException($"deployment {deployment} did not converge in {maxPasses} passes");
    }

    public async Task<IReadOnlyList<EventRecord>> AllEventsAsync() => (await Events.ListAsync(null, null, CancellationToken.None)).Events;
}

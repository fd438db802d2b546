using System.Diagnostics;
using Nines.Availability.Client;
using Nines.Availability.Recovery;
using Nines.Contracts.Model;
using Nines.Controller.AvailabilityShell;
using Nines.Drivers.Container;
using Nines.Embedded.Tests.EndToEnd;
using Nines.Testing;
using Nines.Testing.Units;
using Xunit.Abstractions;

namespace Nines.Embedded.Tests.Availability;

/// <summary>
/// An embedded host (SQLite, own Open vSwitch, QEMU and container drivers, availability manager) inside a throw-away
/// network namespace with no route off the machine, whose OS-level units run the sample counter
/// (samples/Nines.Samples.Counter) through <see cref="HostProgramLauncher"/>. Disposing removes everything it made.
/// </summary>
internal sealed class FailoverHost : IAsyncDisposable
{
    private readonly ITestOutputHelper _output;
    private readonly TestNetworkNamespace _namespace;
    private readonly EndToEndDataDirectory _data;
    private readonly List<CancellationTokenSource> _recorders = [];

    private FailoverHost(ITestOutputHelper output, TestNetworkNamespace ns, EndToEndDataDirectory data, EmbeddedHost host, HostProgramLauncher launcher)
    {
        _output = output;
        _namespace = ns;
        _data = data;
        Host = host;
        Launcher = launcher;
    }

    public EmbeddedHost Host { get; }

    public HostProgramLauncher Launcher { get; }

    /// <summary>The namespace the host side (Open vSwitch, the scenario's host interfaces, QEMU) lives in.</summary>
    public string Namespace => _namespace.Name;

    /// <summary>The namespace of <paramref name="deployment"/>'s host side (its own since issue 18), where its host interface reaches the VMs.</summary>
    public string HostSideOf(DeploymentRef deployment) => Nines.Networking.Planning.HostSideNamespace.Name(deployment.Id, Namespace);

    /// <summary>The data directory of the embedded host (the counters' store is in it).</summary>
    public string DataPath => _data.Path;

    public static async Task<FailoverHost> StartAsync(ITestOutputHelper output)
    {
        var ns = await TestNetworkNamespace.CreateAsync();
        var data = new EndToEndDataDirectory();
        try
        {
            var launcher = new HostProgramLauncher(unit =>
            [
                "/usr/bin/dotnet", CounterDll(), "--store", Path.Combine(data.Path, "state.db"), "--group", unit.Group, "--unit", unit.Unit,
                "--instance", unit.Instances[0], "--port", "7000", "--address", "0.0.0.0", "--watch-poll-ms", "5",
            ])
            {
                LogDirectory = data.Path,
            };
            var host = await EmbeddedHost.StartAsync(
                new EmbeddedHostOptions
                {
                    DataDirectory = data.Path,
                    NetworkNamespace = ns.Name,
                    Container = new ContainerDriverOptions { CgroupParent = ns.Name },
                    Availability = new AvailabilityOptions
                    {
                        Launcher = launcher,
                        DiscoveryInterval = TimeSpan.FromMilliseconds(100),
                        RecoveryConfigOf = (_, _, _) => new RecoveryConfig(RestartMax: 100),
                    },
                },
                CancellationToken.None);
            return new FailoverHost(output, ns, data, host, launcher);
        }
        catch
        {
            await ns.DisposeAsync();
            await data.DisposeAsync();
            throw;
        }
    }

    /// <summary>Deploys <paramref name="scenarioYaml"/> and waits until the availability manager manages its group.</summary>
    public async Task<(DeploymentRef Deployment, ManagedGroup Group, HaStateRecorder Recorder)> DeployAsync(string scenarioYaml, string file)
    {
        var from = (await Host.Store.RangeAsync(HaStateKeys.Root, 1, CancellationToken.None)).Revision;
        // A deploy whose VMs never start is retried for ever: the deadline turns that into a failure naming why.
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        DeploymentOutcome outcome;
        try
        {
            outcome = await Host.DeployTextAsync(scenarioYaml, file, null, null, deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            var consoles = Directory.EnumerateFiles(Path.Combine(_data.Path, "instances"), "console.log", SearchOption.AllDirectories)
                .Select(f => $"  {f}: {string.Join(" | ", File.ReadLines(f).TakeLast(3))}");
            throw new TimeoutException($"the deploy of {file} did not finish within 5 minutes; the instances' consoles:\n{string.Join('\n', consoles)}");
        }

        outcome.Succeeded.ShouldBeTrue($"deploy failed: {outcome.Operation.Error}");
        ManagedGroup? group = null;
        await UntilAsync(() => (group = Host.Availability.Groups.FirstOrDefault(g => g.Deployment == outcome.Deployment)) is not null, TimeSpan.FromMinutes(2), () => "the group is not managed");
        var recorder = new HaStateRecorder(Host.Store, group!.QualifiedName, TimeProvider.System);
        var stop = new CancellationTokenSource();
        _recorders.Add(stop);
        _ = Task.Run(() => recorder.RunAsync(from, stop.Token));
        return (outcome.Deployment, group, recorder);
    }

    /// <summary>The unit published standby while <paramref name="active"/> is active, once it is in service.</summary>
    public static string? StandbyOf(HaStateRecorder recorder, ManagedGroup group, string active)
    {
        var other = group.Engine.Group.Units.Select(u => u.Name).FirstOrDefault(u => u != active);
        var published = other is null ? null : recorder.Changes.LastOrDefault(ch => ch.Unit == other);
        return published?.Instances.Any(i => i.State == Nines.Availability.Model.HaState.Standby) == true && group.Engine.Group.FindUnit(other!)!.InService ? other : null;
    }

    /// <summary>The HA-state history and the units' program output, for a failure message.</summary>
    public string Diagnosis(HaStateRecorder recorder) =>
        string.Join('\n', recorder.Changes.Select(c => $"  r{c.Revision} {c.At:HH:mm:ss.fff} {c.Unit}: {string.Join(", ", c.Instances.Select(i => $"{i.Instance}={i.State}"))}"))
        + "\n" + string.Join('\n', Directory.EnumerateFiles(_data.Path, "nines-unit-*.log").Select(f => $"  {Path.GetFileName(f)}: {File.ReadAllText(f).Trim()}"));

    public static async Task UntilAsync(Func<bool> condition, TimeSpan timeout, Func<string> what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException(what());
            }

            await Task.Delay(5);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var stop in _recorders)
        {
            await stop.CancelAsync();
            stop.Dispose();
        }

        try
        {
            await Host.StopAsync(tearDown: true, CancellationToken.None);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or TimeoutException)
        {
            _output.WriteLine($"tear-down: {e.Message}");
        }

        await _namespace.DisposeAsync();
        foreach (var controller in Directory.EnumerateDirectories("/sys/fs/cgroup"))
        {
            var parent = Path.Combine(controller, _namespace.Name);
            if (Directory.Exists(parent) && !Directory.EnumerateDirectories(parent).Any())
            {
                Directory.Delete(parent);
            }
        }

        await _data.DisposeAsync();
    }

    private static string CounterDll()
    {
        var bin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/'));
        var dll = RepositoryPaths.Combine("samples", "Nines.Samples.Counter", "bin", bin.Parent!.Name, bin.Name, "Nines.Samples.Counter.dll");
        File.Exists(dll).ShouldBeTrue($"the sample counter is not built at {dll}");
        return dll;
    }
}

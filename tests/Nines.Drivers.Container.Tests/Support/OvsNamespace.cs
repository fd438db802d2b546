using System.Security.Cryptography;
using Nines.Networking.Applying;
using Nines.Networking.Commands;
using Nines.Networking.Ovs;

namespace Nines.Drivers.Container.Tests.Support;

/// <summary>
/// A throw-away "host network" for one test: its own network namespace (no route off the machine) running its own
/// Open vSwitch. Instances' veths and guests' taps are made in it. Removed on dispose, also when the test failed.
/// </summary>
internal sealed class OvsNamespace : IAsyncDisposable
{
    private readonly ProcessCommandRunner _machine = new();

    private OvsNamespace(string name, string runDirectory)
    {
        Name = name;
        RunDirectory = runDirectory;
        Runner = new NetnsCommandRunner(name, _machine);
    }

    public string Name { get; }

    public string RunDirectory { get; }

    public NetnsCommandRunner Runner { get; }

    public OvsDaemon Daemon { get; private set; } = null!;

    public OvsNetworkApplier Applier { get; private set; } = null!;

    public static async Task<OvsNamespace> StartAsync()
    {
        var id = RandomNumberGenerator.GetHexString(8, lowercase: true);
        var ns = new OvsNamespace($"nines-ct-{id}", Path.Combine(Path.GetTempPath(), $"nines-ct-ovs-{id}"));
        try
        {
            (await ns._machine.RunAsync("ip", ["netns", "add", ns.Name], null, CancellationToken.None)).ThrowIfFailed();
            (await ns.Runner.RunAsync("ip", ["link", "set", "lo", "up"], null, CancellationToken.None)).ThrowIfFailed();
            ns.Daemon = await OvsDaemon.StartAsync(new OvsDaemonOptions(ns.RunDirectory), ns.Runner, null, CancellationToken.None);
            ns.Applier = new OvsNetworkApplier(ns.Daemon, ns.Runner);
            return ns;
        }
        catch
        {
            await ns.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Daemon is not null)
        {
            await Daemon.StopAsync(CancellationToken.None);
        }

        await _machine.RunAsync("ip", ["netns", "del", Name], null, CancellationToken.None);
        if (Directory.Exists(RunDirectory))
        {
            Directory.Delete(RunDirectory, recursive: true);
        }
    }
}

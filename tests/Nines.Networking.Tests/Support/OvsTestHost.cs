using System.Security.Cryptography;
using Nines.Networking.Applying;
using Nines.Networking.Commands;
using Nines.Networking.Ovs;

namespace Nines.Networking.Tests.Support;

/// <summary>
/// A "host" for one test: its own network namespace (no route off the machine) running its own Open
/// vSwitch from a temporary run directory. Child namespaces stand in for VMs. Everything is removed on
/// dispose, also when the test failed.
/// </summary>
internal sealed class OvsTestHost : IAsyncDisposable
{
    private readonly List<string> _children = [];
    private readonly ProcessCommandRunner _machine = new();

    private OvsTestHost(string name, string runDirectory)
    {
        Namespace = name;
        RunDirectory = runDirectory;
        Runner = new NetnsCommandRunner(name, _machine);
    }

    public string Namespace { get; }

    public string RunDirectory { get; }

    public NetnsCommandRunner Runner { get; }

    public OvsDaemon Daemon { get; private set; } = null!;

    public OvsNetworkApplier Applier { get; private set; } = null!;

    public static async Task<OvsTestHost> StartAsync()
    {
        var id = RandomNumberGenerator.GetHexString(8, lowercase: true);
        var host = new OvsTestHost($"nines-test-{id}", Path.Combine(Path.GetTempPath(), $"nines-ovs-{id}"));
        try
        {
            await host.Machine("ip", "netns", "add", host.Namespace);
            await host.RunAsync("ip", "link", "set", "lo", "up");
            host.Daemon = await OvsDaemon.StartAsync(new OvsDaemonOptions(host.RunDirectory), host.Runner, null, CancellationToken.None);
            host.Applier = new OvsNetworkApplier(host.Daemon, host.Runner);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs a command in the host namespace; fails the test when it fails.</summary>
    public async Task<string> RunAsync(params string[] command) =>
        (await Runner.RunAsync(command[0], command[1..], null, CancellationToken.None)).ThrowIfFailed().StandardOutput;

    /// <summary>
    /// A VM stand-in: a child namespace with one veth per interface, its host side an access port with
    /// <paramref name="interfaces"/>' tag — the same port configuration a VM's tap gets.
    /// </summary>
    public async Task<string> AddEndpointAsync(string bridge, params (int Tag, string Address)[] interfaces)
    {
        var child = $"{Namespace}-{_children.Count}";
        await Machine("ip", "netns", "add", child);
        _children.Add(child);
        await InChild(child, "ip", "link", "set", "lo", "up");
        for (var i = 0; i < interfaces.Length; i++)
        {
            var outer = $"ve{_children.Count}x{i}";
            await RunAsync("ip", "link", "add", outer, "type", "veth", "peer", "name", $"eth{i}", "netns", child);
            await RunAsync("ip", "link", "set", outer, "up");
            (await Daemon.VsctlAsync(["add-port", bridge, outer, $"tag={interfaces[i].Tag}"], CancellationToken.None)).ThrowIfFailed();
            await InChild(child, "ip", "addr", "add", interfaces[i].Address, "dev", $"eth{i}");
            await InChild(child, "ip", "link", "set", $"eth{i}", "up");
        }

        return child;
    }

    public async Task InChild(string child, params string[] command) =>
        (await _machine.RunAsync("ip", ["netns", "exec", child, .. command], null, CancellationToken.None)).ThrowIfFailed();

    /// <summary>True when at least one of three echo requests from <paramref name="from"/> (a child, or null for the host) is answered.</summary>
    public async Task<bool> PingAsync(string? from, string address)
    {
        string[] ping = ["ping", "-c", "3", "-i", "0.2", "-W", "1", address];
        var result = from is null
            ? await Runner.RunAsync(ping[0], ping[1..], null, CancellationToken.None)
            : await _machine.RunAsync("ip", ["netns", "exec", from, .. ping], null, CancellationToken.None);
        return result.Succeeded;
    }

    /// <summary>Runs a command in any namespace of the machine (a deployment's host side); returns what it did.</summary>
    public Task<CommandResult> InNamespaceAsync(string name, params string[] command) =>
        _machine.RunAsync("ip", ["netns", "exec", name, .. command], null, CancellationToken.None);

    /// <summary>True when the machine has a network namespace of that name.</summary>
    public static bool NamespaceExists(string name) => File.Exists(Path.Combine("/run/netns", name));

    public async ValueTask DisposeAsync()
    {
        if (Daemon is not null)
        {
            // Host-side namespaces the applier made for this host's deployments (named by their ports), also after a failed test.
            // (A test that stopped the daemons itself made none.)
            try
            {
                var state = await Applier.ReadStateAsync("nines0", CancellationToken.None);
                foreach (var name in state.Ports.Select(p => p.HostNamespace).OfType<string>().Distinct())
                {
                    await _machine.RunAsync("ip", ["netns", "del", name], null, CancellationToken.None);
                }
            }
            catch (NetworkCommandException)
            {
            }

            await Daemon.StopAsync(CancellationToken.None);
        }

        foreach (var name in _children.Append(Namespace))
        {
            await _machine.RunAsync("ip", ["netns", "del", name], null, CancellationToken.None);
        }

        if (Directory.Exists(RunDirectory))
        {
            Directory.Delete(RunDirectory, recursive: true);
        }
    }

    private async Task Machine(params string[] command) =>
        (await _machine.RunAsync(command[0], command[1..], null, CancellationToken.None)).ThrowIfFailed();
}

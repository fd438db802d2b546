using Nines.Networking.Commands;
using Nines.Networking.Testbed;

namespace Nines.Cli.Tests.Cluster;

/// <summary>What the cluster tests look at inside a testbed host: commands in its namespace, its Open vSwitch, its processes.</summary>
internal static class TestbedProbe
{
    /// <summary>A host's directory (its agent's <c>--data</c>, holding the testbed's <c>ovs/</c>).</summary>
    public static string HostDirectory(TestbedHost host) => Path.GetDirectoryName(host.RunDirectory)!;

    public static Task<CommandResult> InAsync(TestbedHost host, ICommandRunner machine, CancellationToken ct, params string[] command) =>
        host.Runner(machine).RunAsync(command[0], [.. command.Skip(1)], null, ct);

    public static async Task<string> VsctlAsync(TestbedHost host, ICommandRunner machine, CancellationToken ct, params string[] arguments) =>
        (await InAsync(host, machine, ct, ["ovs-vsctl", $"--db=unix:{Path.Combine(host.RunDirectory, "db.sock")}", .. arguments])).ThrowIfFailed().StandardOutput;

    /// <summary>No QEMU, tap, host interface, VXLAN device, bridge port (VM, host or uplink) or scenario route is left.</summary>
    public static async Task ShouldBeCleanAsync(TestbedHost host, ICommandRunner machine, CancellationToken ct)
    {
        var ns = await NamespaceIdAsync(host, machine, ct);
        QemuProcesses.Scan().ShouldNotContain(p => p.Namespace == ns, $"no QEMU is left on {host.Name}");
        var links = (await InAsync(host, machine, ct, "ip", "-o", "link", "show")).StandardOutput;
        links.ShouldNotContain(": nt", Case.Sensitive, $"no tap is left on {host.Name}");
        links.ShouldNotContain(": nh", Case.Sensitive, $"no host interface is left on {host.Name}");
        links.ShouldNotContain(": nines-vx0", Case.Sensitive, $"no VXLAN device is left on {host.Name}");
        (await VsctlAsync(host, machine, ct, "list-ports", "nines0")).Trim().ShouldBeEmpty($"no port (VM, host or uplink) is left on {host.Name}'s bridge");
        (await InAsync(host, machine, ct, "ip", "-4", "route", "show", "10.0.0.0/16")).StandardOutput.Trim().ShouldBeEmpty();
    }

    /// <summary>The host namespace's identity as <c>/proc/PID/ns/net</c> shows it (<c>net:[INODE]</c>).</summary>
    public static async Task<string> NamespaceIdAsync(TestbedHost host, ICommandRunner machine, CancellationToken ct) =>
        $"net:[{(await machine.RunAsync("stat", ["-L", "-c", "%i", Path.Combine("/run/netns", host.Namespace)], null, ct)).ThrowIfFailed().StandardOutput.Trim()}]";
}

using System.Globalization;
using System.Text.Json;
using Nines.Networking.Commands;
using Nines.Networking.Ovs;
using Nines.Networking.Planning;

namespace Nines.Networking.Applying;

public sealed partial class OvsNetworkApplier
{
    private async Task<bool> BridgeExistsAsync(string bridge, CancellationToken cancellationToken)
    {
        // br-exists answers 2 for "no such bridge"; anything else non-zero is a real failure.
        var result = await _switch.VsctlAsync(["br-exists", bridge], cancellationToken).ConfigureAwait(false);
        return result.ExitCode switch
        {
            0 => true,
            2 => false,
            _ => throw new NetworkCommandException(result),
        };
    }

    /// <summary>
    /// A standalone bridge (OVS's default fail mode: a NORMAL learning switch). Access-port tags keep the
    /// segments apart, and a trunk port added later (issue 6) carries them tagged without new flows.
    /// </summary>
    private async Task EnsureBridgeAsync(string bridge, List<string> changes, CancellationToken cancellationToken)
    {
        if (!await BridgeExistsAsync(bridge, cancellationToken).ConfigureAwait(false))
        {
            await ChangeVsctlAsync(
                ["--may-exist", "add-br", bridge, "--", "set", "bridge", bridge, $"datapath_type={_switch.Datapath.ToOvs()}"],
                changes,
                cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Makes Open vSwitch open <paramref name="port"/>'s device again, keeping its tag and labels: on the userspace
    /// (netdev) datapath a port whose device was deleted and made again (an OS-level instance's veth after a restart)
    /// stays on the deleted one, and only removing and adding the port makes it read the new device (a change of the
    /// record alone does not: tried). A name that is no port of <paramref name="bridge"/> is left alone.
    /// </summary>
    public async Task ReattachPortAsync(string bridge, string port, CancellationToken cancellationToken)
    {
        var owner = await _switch.VsctlAsync(["port-to-br", port], cancellationToken).ConfigureAwait(false);
        if (!owner.Succeeded || owner.StandardOutput.Trim() != bridge)
        {
            return;
        }

        var tag = (await _switch.VsctlAsync(["get", "port", port, "tag"], cancellationToken).ConfigureAwait(false)).ThrowIfFailed().StandardOutput.Trim();
        var portIds = (await _switch.VsctlAsync(["get", "port", port, "external_ids"], cancellationToken).ConfigureAwait(false)).ThrowIfFailed().StandardOutput.Trim();
        var interfaceIds = (await _switch.VsctlAsync(["get", "interface", port, "external_ids"], cancellationToken).ConfigureAwait(false)).ThrowIfFailed().StandardOutput.Trim();
        (await _switch.VsctlAsync(["del-port", bridge, port], cancellationToken).ConfigureAwait(false)).ThrowIfFailed();
        List<string> add = ["--", "add-port", bridge, port];
        if (tag != "[]")
        {
            add.Add($"tag={tag}");
        }

        add.AddRange(["--", "set", "port", port, $"external_ids={portIds}", "--", "set", "interface", port, $"external_ids={interfaceIds}"]);
        (await _switch.VsctlAsync(add, cancellationToken).ConfigureAwait(false)).ThrowIfFailed();
    }

    private async Task EnsurePortAsync(NetworkPlan plan, PortPlan port, ObservedPort? current, List<string> changes, CancellationToken cancellationToken)
    {
        var labels = PortLabels.For(plan, port);
        // A host interface in the switch's namespace is an internal port; in the deployment's own, a veth end (no type).
        var type = port.Kind == PortKind.HostInterface && port.Namespace is null ? "internal" : string.Empty;
        var wanted = PortLabels.Read(port.Name, port.Tag, labels, type);
        if (current == wanted)
        {
            return;
        }

        var tag = $"tag={port.Tag.ToString(CultureInfo.InvariantCulture)}";
        var ids = PortLabels.Arguments(labels).ToList();

        // Port and interface records carry the same labels; set in one transaction so a crash leaves either both or neither.
        List<string> arguments = current is null
            ? ["--", "add-port", plan.Bridge, port.Name, tag, .. ids]
            : ["--", "set", "port", port.Name, tag, .. ids];
        arguments.AddRange(["--", "set", "interface", port.Name, .. ids]);
        if (type.Length > 0)
        {
            arguments.Add($"type={type}");
        }

        if (current is not null)
        {
            // Labels this plan no longer sets (e.g. routes) must not linger.
            foreach (var key in new[] { PortLabels.Vm, PortLabels.Interface, PortLabels.Routes, PortLabels.CrossHost, PortLabels.Netns }.Where(k => !labels.ContainsKey(k)))
            {
                arguments.AddRange(["--", "remove", "port", port.Name, "external_ids", key, "--", "remove", "interface", port.Name, "external_ids", key]);
            }
        }

        await ChangeVsctlAsync(arguments, changes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A persistent tap made with <c>ip tuntap</c> that nobody holds open, so QEMU can attach to it with
    /// <c>-netdev tap,ifname=…,script=no,downscript=no</c>. (An OVS <c>type=tap</c> port would keep the
    /// tap open itself and QEMU's attach fails with EBUSY.) The port exists first; OVS picks the device up.
    /// </summary>
    private async Task EnsureTapDeviceAsync(string name, List<string> changes, CancellationToken cancellationToken)
    {
        var link = await LinkAsync(name, cancellationToken).ConfigureAwait(false);
        if (link is null)
        {
            await ChangeAsync("ip", ["tuntap", "add", "dev", name, "mode", "tap"], changes, cancellationToken).ConfigureAwait(false);
        }

        if (link is not { } l || !IsUp(l))
        {
            await ChangeAsync("ip", ["link", "set", "dev", name, "up"], changes, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The link as <c>ip -j link show</c> prints it, or null when there is no such device.</summary>
    private Task<JsonElement?> LinkAsync(string name, CancellationToken cancellationToken) => LinkAsync(name, _runner, cancellationToken);

    /// <summary>The link as <c>ip -j link show</c> prints it in <paramref name="runner"/>'s namespace, or null when there is no such device.</summary>
    private static async Task<JsonElement?> LinkAsync(string name, ICommandRunner runner, CancellationToken cancellationToken)
    {
        var shown = await runner.RunAsync("ip", ["-j", "link", "show", "dev", name], null, cancellationToken).ConfigureAwait(false);
        if (!shown.Succeeded)
        {
            return null;
        }

        using var document = JsonDocument.Parse(shown.StandardOutput);
        return document.RootElement.EnumerateArray().Select(e => (JsonElement?)e.Clone()).FirstOrDefault();
    }

    private static bool IsUp(JsonElement link) =>
        link.TryGetProperty("flags", out var flags) && flags.EnumerateArray().Any(f => f.GetString() == "UP");

    private async Task<CommandResult> VsctlAsync(IEnumerable<string> arguments, CancellationToken cancellationToken) =>
        (await _switch.VsctlAsync(arguments, cancellationToken).ConfigureAwait(false)).ThrowIfFailed();

    private async Task ChangeVsctlAsync(IEnumerable<string> arguments, List<string> changes, CancellationToken cancellationToken)
    {
        var result = await VsctlAsync(arguments, cancellationToken).ConfigureAwait(false);
        changes.Add(result.Command);
    }

    private Task<CommandResult> RunAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        RunAsync(program, arguments, _runner, cancellationToken);

    private static async Task<CommandResult> RunAsync(string program, IReadOnlyList<string> arguments, ICommandRunner runner, CancellationToken cancellationToken) =>
        (await runner.RunAsync(program, arguments, null, cancellationToken).ConfigureAwait(false)).ThrowIfFailed();

    private Task ChangeAsync(string program, IReadOnlyList<string> arguments, List<string> changes, CancellationToken cancellationToken) =>
        ChangeAsync(program, arguments, _runner, changes, cancellationToken);

    private static async Task ChangeAsync(string program, IReadOnlyList<string> arguments, ICommandRunner runner, List<string> changes, CancellationToken cancellationToken)
    {
        var result = await RunAsync(program, arguments, runner, cancellationToken).ConfigureAwait(false);
        changes.Add(result.Command);
    }
}

using System.Globalization;
using System.Net;
using System.Text.Json;
using Nines.Domain.Scenarios;
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

    private async Task EnsurePortAsync(NetworkPlan plan, PortPlan port, ObservedPort? current, List<string> changes, CancellationToken cancellationToken)
    {
        var labels = PortLabels.For(plan, port);
        var type = port.Kind == PortKind.HostInterface ? "internal" : string.Empty;
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
            foreach (var key in new[] { PortLabels.Vm, PortLabels.Interface, PortLabels.Routes, PortLabels.CrossHost }.Where(k => !labels.ContainsKey(k)))
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

    private async Task EnsureHostInterfaceAsync(PortPlan port, List<string> changes, CancellationToken cancellationToken)
    {
        // ovs-vsctl returns once ovs-vswitchd has made the internal device.
        var link = await LinkAsync(port.Name, cancellationToken).ConfigureAwait(false)
            ?? throw new NetworkCommandException($"ovs-vswitchd did not create the internal port {port.Name}");
        if (!IsUp(link))
        {
            await ChangeAsync("ip", ["link", "set", "dev", port.Name, "up"], changes, cancellationToken).ConfigureAwait(false);
        }

        var shown = await RunAsync("ip", ["-j", "addr", "show", "dev", port.Name], cancellationToken).ConfigureAwait(false);
        var present = new HashSet<string>(StringComparer.Ordinal);
        using (var document = JsonDocument.Parse(shown.StandardOutput))
        {
            foreach (var info in document.RootElement.EnumerateArray().SelectMany(l => l.GetProperty("addr_info").EnumerateArray()))
            {
                if (info.TryGetProperty("scope", out var scope) && scope.GetString() == "global")
                {
                    present.Add($"{info.GetProperty("local").GetString()}/{info.GetProperty("prefixlen").GetInt32()}");
                }
            }
        }

        var wanted = port.Addresses.Select(a => $"{IPAddress.Parse(a.Address)}/{a.PrefixLength}").ToHashSet(StringComparer.Ordinal);
        foreach (var extra in present.Where(a => !wanted.Contains(a)))
        {
            await ChangeAsync("ip", ["addr", "del", extra, "dev", port.Name], changes, cancellationToken).ConfigureAwait(false);
        }

        foreach (var missing in wanted.Where(a => !present.Contains(a)))
        {
            await ChangeAsync("ip", ["addr", "add", missing, "dev", port.Name], changes, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task EnsureRouteAsync(HostRoutePlan route, List<string> changes, CancellationToken cancellationToken)
    {
        if (!await RouteExistsAsync(route, cancellationToken).ConfigureAwait(false))
        {
            await ChangeAsync("ip", [FamilyFlag(route), "route", "replace", route.Destination, "via", route.Gateway, "dev", route.Device], changes, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task DeleteRouteAsync(HostRoutePlan route, List<string> changes, CancellationToken cancellationToken)
    {
        if (await RouteExistsAsync(route, cancellationToken).ConfigureAwait(false))
        {
            await ChangeAsync("ip", [FamilyFlag(route), "route", "del", route.Destination, "via", route.Gateway, "dev", route.Device], changes, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<bool> RouteExistsAsync(HostRoutePlan route, CancellationToken cancellationToken)
    {
        var shown = await _runner.RunAsync("ip", ["-j", FamilyFlag(route), "route", "show", "exact", route.Destination], null, cancellationToken).ConfigureAwait(false);
        if (!shown.Succeeded || string.IsNullOrWhiteSpace(shown.StandardOutput))
        {
            return false;
        }

        using var document = JsonDocument.Parse(shown.StandardOutput);
        return document.RootElement.EnumerateArray().Any(r =>
            r.TryGetProperty("gateway", out var gateway) && gateway.GetString() == IPAddress.Parse(route.Gateway).ToString()
            && r.TryGetProperty("dev", out var dev) && dev.GetString() == route.Device);
    }

    private async Task EnsureSysctlAsync(string key, List<string> changes, CancellationToken cancellationToken)
    {
        var value = await RunAsync("sysctl", ["-n", key], cancellationToken).ConfigureAwait(false);
        if (value.StandardOutput.Trim() != "1")
        {
            await ChangeAsync("sysctl", ["-w", $"{key}=1"], changes, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The link as <c>ip -j link show</c> prints it, or null when there is no such device.</summary>
    private async Task<JsonElement?> LinkAsync(string name, CancellationToken cancellationToken)
    {
        var shown = await _runner.RunAsync("ip", ["-j", "link", "show", "dev", name], null, cancellationToken).ConfigureAwait(false);
        if (!shown.Succeeded)
        {
            return null;
        }

        using var document = JsonDocument.Parse(shown.StandardOutput);
        return document.RootElement.EnumerateArray().Select(e => (JsonElement?)e.Clone()).FirstOrDefault();
    }

    private static bool IsUp(JsonElement link) =>
        link.TryGetProperty("flags", out var flags) && flags.EnumerateArray().Any(f => f.GetString() == "UP");

    private static string FamilyFlag(HostRoutePlan route) => route.Family == IpFamily.Ipv6 ? "-6" : "-4";

    private async Task<CommandResult> VsctlAsync(IEnumerable<string> arguments, CancellationToken cancellationToken) =>
        (await _switch.VsctlAsync(arguments, cancellationToken).ConfigureAwait(false)).ThrowIfFailed();

    private async Task ChangeVsctlAsync(IEnumerable<string> arguments, List<string> changes, CancellationToken cancellationToken)
    {
        var result = await VsctlAsync(arguments, cancellationToken).ConfigureAwait(false);
        changes.Add(result.Command);
    }

    private async Task<CommandResult> RunAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        (await _runner.RunAsync(program, arguments, null, cancellationToken).ConfigureAwait(false)).ThrowIfFailed();

    private async Task ChangeAsync(string program, IReadOnlyList<string> arguments, List<string> changes, CancellationToken cancellationToken)
    {
        var result = await RunAsync(program, arguments, cancellationToken).ConfigureAwait(false);
        changes.Add(result.Command);
    }
}

using System.Globalization;
using System.Net;
using System.Text.Json;
using Nines.Networking.Commands;
using Nines.Networking.Planning;
using Nines.Networking.Trunks;

namespace Nines.Networking.Applying;

public sealed partial class OvsNetworkApplier
{
    private const string AllZeroMac = "00:00:00:00:00:00";

    /// <summary>
    /// Makes the host's uplink port match the cross-host VLANs the bridge's ports are labelled with: adds it,
    /// sets its <c>trunks</c>, or removes it (and a VXLAN device) when no cross-host VLAN is left or the host has
    /// no uplink. <see cref="ApplyAsync"/> and <see cref="RemoveAsync"/> end with this; an agent calls it at start
    /// to pick up a changed uplink configuration.
    /// </summary>
    public async Task<NetworkApplyResult> ConvergeUplinkAsync(string bridge, CancellationToken cancellationToken)
    {
        var changes = new List<string>();
        await ConvergeUplinkAsync(bridge, changes, cancellationToken).ConfigureAwait(false);
        return new NetworkApplyResult([.. changes]);
    }

    private async Task ConvergeUplinkAsync(string bridge, List<string> changes, CancellationToken cancellationToken)
    {
        var state = await ReadStateAsync(bridge, cancellationToken).ConfigureAwait(false);
        var plan = UplinkPlanner.Plan(bridge, state, _uplink);
        foreach (var stale in state.Ports.Where(p => p.Kind == PortKind.Trunk && (!plan.HasPort || p.Name != plan.PortName)))
        {
            await RemoveUplinkPortAsync(bridge, stale, changes, cancellationToken).ConfigureAwait(false);
        }

        if (!plan.HasPort)
        {
            return;
        }

        var name = plan.PortName!;
        var current = state.Ports.FirstOrDefault(p => p.Name == name);
        if (current is not null && current.Kind != PortKind.Trunk)
        {
            throw new NetworkCommandException($"the uplink {name} is already a port of bridge {bridge} that is not an uplink (a {current.Kind?.ToString() ?? "foreign"} port); expected a dedicated interface");
        }

        switch (plan.Uplink)
        {
            case TrunkUplink:
                await EnsureTrunkInterfaceAsync(name, changes, cancellationToken).ConfigureAwait(false);
                break;
            case VxlanUplink vxlan:
                await EnsureVxlanDeviceAsync(vxlan, changes, cancellationToken).ConfigureAwait(false);
                break;
        }

        await EnsureUplinkPortAsync(plan, current, changes, cancellationToken).ConfigureAwait(false);
    }

    private async Task EnsureUplinkPortAsync(UplinkPlan plan, ObservedPort? current, List<string> changes, CancellationToken cancellationToken)
    {
        var name = plan.PortName!;
        var labels = PortLabels.ForUplink(plan.Uplink!);
        if (current is not null && current.Tag is null && current.Trunks == plan.Vlans && current.Uplink == labels[PortLabels.Uplink])
        {
            return;
        }

        var trunks = "trunks=" + string.Join(',', plan.Vlans.Select(v => v.ToString(CultureInfo.InvariantCulture)));
        var ids = PortLabels.Arguments(labels).ToList();

        // vlan_mode=trunk: untagged frames from the wire belong to VLAN 0, which is never trunked, so they are dropped.
        List<string> arguments = current is null
            ? ["--", "add-port", plan.Bridge, name, trunks, "vlan_mode=trunk", .. ids]
            : ["--", "set", "port", name, trunks, "vlan_mode=trunk", .. ids];
        arguments.AddRange(["--", "set", "interface", name, .. ids]);
        if (current?.Tag is not null)
        {
            arguments.AddRange(["--", "clear", "port", name, "tag"]);
        }

        await ChangeVsctlAsync(arguments, changes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The trunk interface is the host's (a NIC, or the testbed's veth): it must exist; Nines only brings it up.</summary>
    private async Task EnsureTrunkInterfaceAsync(string name, List<string> changes, CancellationToken cancellationToken)
    {
        var link = await LinkAsync(name, cancellationToken).ConfigureAwait(false)
            ?? throw new NetworkCommandException($"the trunk interface {name} (uplink.interface) does not exist on this host (expected an existing Linux interface on the segment shared with the other hosts)");
        if (!IsUp(link))
        {
            await ChangeAsync("ip", ["link", "set", "dev", name, "up"], changes, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A kernel VXLAN device with no fixed remote: one all-zero FDB entry per remote host makes the kernel send
    /// floods to each of them (head-end replication), and learning sends unicast only where the MAC lives.
    /// A device with other settings (VNI, local address, port) is replaced; its port record stays.
    /// </summary>
    private async Task EnsureVxlanDeviceAsync(VxlanUplink vxlan, List<string> changes, CancellationToken cancellationToken)
    {
        var name = vxlan.Device;
        var link = await DetailedLinkAsync(name, cancellationToken).ConfigureAwait(false);
        if (link is { } existing && !MatchesVxlan(existing, vxlan))
        {
            await ChangeAsync("ip", ["link", "del", "dev", name], changes, cancellationToken).ConfigureAwait(false);
            link = null;
        }

        if (link is null)
        {
            await ChangeAsync(
                "ip",
                [
                    "link", "add", name, "type", "vxlan",
                    "id", vxlan.Vni.ToString(CultureInfo.InvariantCulture),
                    "local", vxlan.LocalAddress,
                    "dstport", vxlan.UdpPort.ToString(CultureInfo.InvariantCulture),
                ],
                changes,
                cancellationToken).ConfigureAwait(false);
        }

        if (link is not { } l || !IsUp(l))
        {
            await ChangeAsync("ip", ["link", "set", "dev", name, "up"], changes, cancellationToken).ConfigureAwait(false);
        }

        var present = await FloodRemotesAsync(name, cancellationToken).ConfigureAwait(false);
        var wanted = vxlan.Remotes.Select(r => IPAddress.Parse(r).ToString()).ToHashSet(StringComparer.Ordinal);
        foreach (var extra in present.Where(r => !wanted.Contains(r)))
        {
            await ChangeAsync("bridge", ["fdb", "del", AllZeroMac, "dev", name, "dst", extra], changes, cancellationToken).ConfigureAwait(false);
        }

        foreach (var missing in wanted.Where(r => !present.Contains(r)).Order(StringComparer.Ordinal))
        {
            await ChangeAsync("bridge", ["fdb", "append", AllZeroMac, "dev", name, "dst", missing], changes, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool MatchesVxlan(JsonElement link, VxlanUplink vxlan)
    {
        if (!link.TryGetProperty("linkinfo", out var info)
            || !info.TryGetProperty("info_kind", out var kind) || kind.GetString() != "vxlan"
            || !info.TryGetProperty("info_data", out var data))
        {
            return false;
        }

        return data.TryGetProperty("id", out var id) && id.GetInt32() == vxlan.Vni
            && data.TryGetProperty("port", out var port) && port.GetInt32() == vxlan.UdpPort
            && (data.TryGetProperty("local", out var local) || data.TryGetProperty("local6", out local))
            && IPAddress.TryParse(local.GetString(), out var address) && address.Equals(IPAddress.Parse(vxlan.LocalAddress));
    }

    /// <summary>The remotes of the device's all-zero (flood) FDB entries.</summary>
    private async Task<HashSet<string>> FloodRemotesAsync(string device, CancellationToken cancellationToken)
    {
        var shown = await RunAsync("bridge", ["-j", "fdb", "show", "dev", device], cancellationToken).ConfigureAwait(false);
        var remotes = new HashSet<string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(shown.StandardOutput))
        {
            return remotes;
        }

        using var document = JsonDocument.Parse(shown.StandardOutput);
        foreach (var entry in document.RootElement.EnumerateArray())
        {
            if (entry.TryGetProperty("mac", out var mac) && mac.GetString() == AllZeroMac
                && entry.TryGetProperty("dst", out var dst) && IPAddress.TryParse(dst.GetString(), out var address))
            {
                remotes.Add(address.ToString());
            }
        }

        return remotes;
    }

    private async Task RemoveUplinkPortAsync(string bridge, ObservedPort port, List<string> changes, CancellationToken cancellationToken)
    {
        // A VXLAN device is ours and goes first (while the labelled port exists a retry still finds it);
        // a trunk interface is the host's and stays.
        if (port.Uplink == PortLabels.VxlanUplinkKind && await LinkAsync(port.Name, cancellationToken).ConfigureAwait(false) is not null)
        {
            await ChangeAsync("ip", ["link", "del", "dev", port.Name], changes, cancellationToken).ConfigureAwait(false);
        }

        await ChangeVsctlAsync(["--if-exists", "del-port", bridge, port.Name], changes, cancellationToken).ConfigureAwait(false);
    }

    private async Task<JsonElement?> DetailedLinkAsync(string name, CancellationToken cancellationToken)
    {
        var shown = await _runner.RunAsync("ip", ["-j", "-d", "link", "show", "dev", name], null, cancellationToken).ConfigureAwait(false);
        if (!shown.Succeeded)
        {
            return null;
        }

        using var document = JsonDocument.Parse(shown.StandardOutput);
        return document.RootElement.EnumerateArray().Select(e => (JsonElement?)e.Clone()).FirstOrDefault();
    }
}

using System.Net;
using System.Text.Json;
using Nines.Domain.Scenarios;
using Nines.Networking.Commands;
using Nines.Networking.Planning;

namespace Nines.Networking.Applying;

/// <summary>
/// The host side of a deployment (VNUML <c>&lt;host&gt;</c>): host interfaces with the scenario's addresses, host routes
/// through them and forwarding — in the deployment's own network namespace (a veth pair per host interface, both ends
/// named like the port), or, when an admin chose <see cref="HostSideMode.Shared"/>, an internal port in the switch's.
/// </summary>
public sealed partial class OvsNetworkApplier
{
    /// <summary>Runs the host side's commands: in the deployment's namespace, or (null) in the switch's.</summary>
    private ICommandRunner HostSideRunner(string? hostNamespace) =>
        hostNamespace is null ? _runner : new NetnsCommandRunner(hostNamespace, _machine);

    /// <summary>The port is already made the way (and where) the plan wants its host side.</summary>
    private static bool SameHostSide(ObservedPort current, PortPlan port) =>
        current.HostNamespace == port.Namespace && (current.InterfaceType == "internal") == (port.Namespace is null);

    private async Task EnsureHostInterfaceAsync(PortPlan port, List<string> changes, CancellationToken cancellationToken)
    {
        if (port.Namespace is { } ns)
        {
            await EnsureNamespaceAsync(ns, changes, cancellationToken).ConfigureAwait(false);
            await EnsureVethAsync(port.Name, ns, changes, cancellationToken).ConfigureAwait(false);
        }
        else if (await LinkAsync(port.Name, cancellationToken).ConfigureAwait(false) is null)
        {
            // ovs-vsctl returns once ovs-vswitchd has made the internal device.
            throw new NetworkCommandException($"ovs-vswitchd did not create the internal port {port.Name}");
        }

        var runner = HostSideRunner(port.Namespace);
        if (await LinkAsync(port.Name, runner, cancellationToken).ConfigureAwait(false) is { } link && !IsUp(link))
        {
            await ChangeAsync("ip", ["link", "set", "dev", port.Name, "up"], runner, changes, cancellationToken).ConfigureAwait(false);
        }

        await EnsureAddressesAsync(port, runner, changes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The deployment's namespace, made from the machine with only <c>lo</c> up (no route anywhere), or adopted.</summary>
    private async Task EnsureNamespaceAsync(string name, List<string> changes, CancellationToken cancellationToken)
    {
        if (!(await NamespacesAsync(cancellationToken).ConfigureAwait(false)).Contains(name))
        {
            await ChangeAsync("ip", ["netns", "add", name], _machine, changes, cancellationToken).ConfigureAwait(false);
        }

        var inside = HostSideRunner(name);
        if (await LinkAsync("lo", inside, cancellationToken).ConfigureAwait(false) is not { } lo || !IsUp(lo))
        {
            await ChangeAsync("ip", ["link", "set", "dev", "lo", "up"], inside, changes, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The veth pair of a host interface: <paramref name="name"/> in the switch's namespace (the port OVS already has a
    /// record for: it picks the device up when it appears) and its peer, also <paramref name="name"/>, in the
    /// deployment's. A switch end whose peer is not there (the namespace was deleted behind our back) is made again.
    /// </summary>
    private async Task EnsureVethAsync(string name, string hostNamespace, List<string> changes, CancellationToken cancellationToken)
    {
        var outer = await LinkAsync(name, cancellationToken).ConfigureAwait(false);
        if (outer is not null && await LinkAsync(name, HostSideRunner(hostNamespace), cancellationToken).ConfigureAwait(false) is null)
        {
            await ChangeAsync("ip", ["link", "del", "dev", name], changes, cancellationToken).ConfigureAwait(false);
            outer = null;
        }

        if (outer is null)
        {
            await ChangeAsync("ip", ["link", "add", name, "type", "veth", "peer", "name", name, "netns", hostNamespace], changes, cancellationToken).ConfigureAwait(false);

            // Open vSwitch's userspace (netdev) datapath passes frames as they are: a TCP or UDP packet the host side left
            // to checksum offload would arrive with a partial checksum and be dropped (ping works, TCP does not). The
            // host side's end computes its checksums itself, as an OS-level instance's inner end does.
            await ChangeAsync("ethtool", ["-K", name, "tx", "off"], HostSideRunner(hostNamespace), changes, cancellationToken).ConfigureAwait(false);
        }

        if (outer is not { } o || !IsUp(o))
        {
            await ChangeAsync("ip", ["link", "set", "dev", name, "up"], changes, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task EnsureAddressesAsync(PortPlan port, ICommandRunner runner, List<string> changes, CancellationToken cancellationToken)
    {
        var shown = await RunAsync("ip", ["-j", "addr", "show", "dev", port.Name], runner, cancellationToken).ConfigureAwait(false);
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
            await ChangeAsync("ip", ["addr", "del", extra, "dev", port.Name], runner, changes, cancellationToken).ConfigureAwait(false);
        }

        foreach (var missing in wanted.Where(a => !present.Contains(a)))
        {
            await ChangeAsync("ip", ["addr", "add", missing, "dev", port.Name], runner, changes, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Deletes the host-side namespaces the labels of <paramref name="removed"/> name (except <paramref name="keep"/>,
    /// still in use): only namespaces this deployment's ports recorded, never another's or the switch's.
    /// </summary>
    private async Task DeleteNamespacesAsync(IEnumerable<ObservedPort> removed, string? keep, List<string> changes, CancellationToken cancellationToken)
    {
        var names = removed.Select(p => p.HostNamespace).OfType<string>().Where(n => n != keep).Distinct(StringComparer.Ordinal).ToList();
        if (names.Count == 0)
        {
            return;
        }

        var existing = await NamespacesAsync(cancellationToken).ConfigureAwait(false);
        foreach (var name in names.Where(existing.Contains))
        {
            await ChangeAsync("ip", ["netns", "del", name], _machine, changes, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The machine's named network namespaces (<c>ip -j netns list</c>).</summary>
    private async Task<HashSet<string>> NamespacesAsync(CancellationToken cancellationToken)
    {
        var listed = await RunAsync("ip", ["-j", "netns", "list"], _machine, cancellationToken).ConfigureAwait(false);
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(listed.StandardOutput))
        {
            return names;
        }

        using var document = JsonDocument.Parse(listed.StandardOutput);
        foreach (var entry in document.RootElement.EnumerateArray())
        {
            if (entry.TryGetProperty("name", out var name) && name.GetString() is { } n)
            {
                names.Add(n);
            }
        }

        return names;
    }

    /// <summary>
    /// Adds the route unless this deployment already made it. Never replaces: a route to the same destination that is
    /// not ours (another deployment's in a shared namespace, the host's own, a host interface's connected subnet) is a
    /// <see cref="HostRouteConflictException"/> naming the route and what is there, and stays as it is.
    /// </summary>
    private static async Task EnsureRouteAsync(HostRoutePlan route, ICommandRunner runner, string? hostNamespace, List<string> changes, CancellationToken cancellationToken)
    {
        var existing = await RoutesToAsync(route, runner, cancellationToken).ConfigureAwait(false);
        if (existing.Any(r => IsOurs(r, route)))
        {
            return;
        }

        var where = hostNamespace is null ? "the switch's namespace" : $"the deployment's namespace {hostNamespace}";
        if (existing.Count > 0)
        {
            throw new HostRouteConflictException(route, where, string.Join("; ", existing.Select(Describe)));
        }

        var added = await runner.RunAsync("ip", [FamilyFlag(route), "route", "add", route.Destination, "via", route.Gateway, "dev", route.Device], null, cancellationToken).ConfigureAwait(false);
        if (!added.Succeeded && added.StandardError.Contains("File exists", StringComparison.Ordinal))
        {
            // Made between our look and the add: still not ours.
            throw new HostRouteConflictException(route, where, added.StandardError.Trim());
        }

        changes.Add(added.ThrowIfFailed().Command);
    }

    private static async Task DeleteRouteAsync(HostRoutePlan route, ICommandRunner runner, List<string> changes, CancellationToken cancellationToken)
    {
        if ((await RoutesToAsync(route, runner, cancellationToken).ConfigureAwait(false)).Any(r => IsOurs(r, route)))
        {
            await ChangeAsync("ip", [FamilyFlag(route), "route", "del", route.Destination, "via", route.Gateway, "dev", route.Device], runner, changes, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The main table's routes to exactly the route's destination.</summary>
    private static async Task<List<JsonElement>> RoutesToAsync(HostRoutePlan route, ICommandRunner runner, CancellationToken cancellationToken)
    {
        var shown = await runner.RunAsync("ip", ["-j", FamilyFlag(route), "route", "show", "exact", route.Destination], null, cancellationToken).ConfigureAwait(false);
        if (!shown.Succeeded || string.IsNullOrWhiteSpace(shown.StandardOutput))
        {
            return [];
        }

        using var document = JsonDocument.Parse(shown.StandardOutput);
        return [.. document.RootElement.EnumerateArray().Select(r => r.Clone())];
    }

    private static bool IsOurs(JsonElement shown, HostRoutePlan route) =>
        shown.TryGetProperty("gateway", out var gateway) && gateway.GetString() == IPAddress.Parse(route.Gateway).ToString()
        && shown.TryGetProperty("dev", out var dev) && dev.GetString() == route.Device;

    private static string Describe(JsonElement shown)
    {
        var text = shown.TryGetProperty("dst", out var dst) ? dst.GetString() : "?";
        if (shown.TryGetProperty("gateway", out var gateway))
        {
            text += $" via {gateway.GetString()}";
        }

        if (shown.TryGetProperty("dev", out var dev))
        {
            text += $" dev {dev.GetString()}";
        }

        return text!;
    }

    private static async Task EnsureSysctlAsync(string key, ICommandRunner runner, List<string> changes, CancellationToken cancellationToken)
    {
        var value = await RunAsync("sysctl", ["-n", key], runner, cancellationToken).ConfigureAwait(false);
        if (value.StandardOutput.Trim() != "1")
        {
            await ChangeAsync("sysctl", ["-w", $"{key}=1"], runner, changes, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string FamilyFlag(HostRoutePlan route) => route.Family == IpFamily.Ipv6 ? "-6" : "-4";
}

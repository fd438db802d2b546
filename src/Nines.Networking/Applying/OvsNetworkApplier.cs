using Nines.Networking.Commands;
using Nines.Networking.Ovs;
using Nines.Networking.Planning;
using Nines.Networking.Trunks;

namespace Nines.Networking.Applying;

/// <summary>
/// Converges a host to a <see cref="NetworkPlan"/>: the bridge, one access port per tap and host
/// interface (tagged into its segment and labelled with external_ids), host addresses, routes and
/// forwarding. Reads before it writes, so running it again on a converged host changes nothing; removes
/// exactly what the labels say a scenario made.
/// </summary>
public sealed partial class OvsNetworkApplier
{
    private readonly IOvsSwitch _switch;
    private readonly ICommandRunner _runner;
    private readonly HostUplink? _uplink;
    private readonly ICommandRunner _machine;
    private readonly string? _switchNamespace;

    /// <param name="ovsSwitch">The Open vSwitch instance of this host.</param>
    /// <param name="runner">Runs <c>ip</c> and <c>sysctl</c> in the host's network namespace (the one the switch runs in).</param>
    public OvsNetworkApplier(IOvsSwitch ovsSwitch, ICommandRunner runner)
        : this(ovsSwitch, runner, null)
    {
    }

    /// <param name="ovsSwitch">The Open vSwitch instance of this host.</param>
    /// <param name="runner">Runs <c>ip</c>, <c>bridge</c> and <c>sysctl</c> in the host's network namespace (the one the switch runs in).</param>
    /// <param name="uplink">
    /// How the host reaches the other hosts (an 802.1q trunk interface or VXLAN), or null for a host on its own;
    /// checked here, so an unusable one fails before anything is changed.
    /// </param>
    /// <exception cref="ArgumentException">The uplink is invalid; the message lists every problem with its field.</exception>
    public OvsNetworkApplier(IOvsSwitch ovsSwitch, ICommandRunner runner, HostUplink? uplink)
    {
        ArgumentNullException.ThrowIfNull(ovsSwitch);
        ArgumentNullException.ThrowIfNull(runner);
        if (uplink is not null && UplinkPlanner.Validate(uplink) is { Count: > 0 } errors)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(uplink));
        }

        _switch = ovsSwitch;
        _runner = runner;
        _uplink = uplink;

        // Namespaces are made from the machine: `ip netns add` inside `ip netns exec` only mounts the new namespace in
        // the exec's own (slave) mount namespace, so nobody else could enter it (tried here: "Invalid argument").
        _machine = runner;
        while (_machine is NetnsCommandRunner wrapped)
        {
            _machine = wrapped.Inner;
        }

        _switchNamespace = (runner as NetnsCommandRunner)?.Namespace;
    }

    /// <summary>The host's uplink, or null when it has none.</summary>
    public HostUplink? Uplink => _uplink;

    /// <summary>Reads every port on <paramref name="bridge"/> with its labels: the planner's view of the host.</summary>
    public async Task<HostNetworkState> ReadStateAsync(string bridge, CancellationToken cancellationToken)
    {
        if (!await BridgeExistsAsync(bridge, cancellationToken).ConfigureAwait(false))
        {
            return HostNetworkState.Empty with { SwitchNamespace = _switchNamespace };
        }

        var names = (await VsctlAsync(["list-ports", bridge], cancellationToken).ConfigureAwait(false))
            .StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToHashSet(StringComparer.Ordinal);
        var ports = OvsTable.Parse((await VsctlAsync(["--format=json", "--columns=name,tag,trunks,external_ids", "list", "Port"], cancellationToken).ConfigureAwait(false)).StandardOutput);
        var types = OvsTable.Parse((await VsctlAsync(["--format=json", "--columns=name,type", "list", "Interface"], cancellationToken).ConfigureAwait(false)).StandardOutput)
            .ToDictionary(r => OvsTable.String(r["name"])!, r => OvsTable.String(r["type"]) ?? string.Empty, StringComparer.Ordinal);
        var observed = ports
            .Select(r => (Name: OvsTable.String(r["name"])!, Row: r))
            .Where(p => names.Contains(p.Name))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => PortLabels.Read(p.Name, OvsTable.Integer(p.Row["tag"]), OvsTable.Map(p.Row["external_ids"]), types.GetValueOrDefault(p.Name), [.. OvsTable.Integers(p.Row["trunks"])]));
        return new HostNetworkState([.. observed], _switchNamespace);
    }

    /// <summary>Makes the host match <paramref name="plan"/> for its scenario; other scenarios' objects are untouched.</summary>
    public async Task<NetworkApplyResult> ApplyAsync(NetworkPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var changes = new List<string>();
        await EnsureBridgeAsync(plan.Bridge, changes, cancellationToken).ConfigureAwait(false);
        var state = await ReadStateAsync(plan.Bridge, cancellationToken).ConfigureAwait(false);
        var observed = state.Ports.ToDictionary(p => p.Name, StringComparer.Ordinal);

        // Stale ports first: a VM that moved away frees its names and tags before new ports take theirs.
        var stale = state.Ports.Where(p => p.ScenarioId == plan.ScenarioId && plan.Ports.All(d => d.Name != p.Name)).ToList();
        foreach (var port in stale)
        {
            await RemovePortAsync(plan.Bridge, port, changes, cancellationToken).ConfigureAwait(false);
        }

        foreach (var port in plan.Ports)
        {
            var current = observed.GetValueOrDefault(port.Name);
            if (port.Kind == PortKind.HostInterface && current is not null && !SameHostSide(current, port))
            {
                // The host side moved (shared ↔ own namespace, or another namespace): made again where the plan wants it.
                await RemovePortAsync(plan.Bridge, current, changes, cancellationToken).ConfigureAwait(false);
                stale.Add(current);
                current = null;
            }

            await EnsurePortAsync(plan, port, current, changes, cancellationToken).ConfigureAwait(false);
            if (port.Kind == PortKind.Tap)
            {
                await EnsureTapDeviceAsync(port.Name, changes, cancellationToken).ConfigureAwait(false);
            }
            else if (port.Kind == PortKind.HostInterface)
            {
                await EnsureHostInterfaceAsync(port, changes, cancellationToken).ConfigureAwait(false);
                var planned = plan.Routes.Where(r => r.Device == port.Name).ToList();
                foreach (var old in current?.Routes.Where(r => !planned.Contains(r)) ?? [])
                {
                    await DeleteRouteAsync(old, HostSideRunner(port.Namespace), changes, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        await DeleteNamespacesAsync(stale, plan.HostSideNamespace, changes, cancellationToken).ConfigureAwait(false);
        foreach (var route in plan.Routes)
        {
            var device = plan.Ports.First(p => p.Name == route.Device);
            await EnsureRouteAsync(route, HostSideRunner(device.Namespace), device.Namespace, changes, cancellationToken).ConfigureAwait(false);
        }

        var forwarding = HostSideRunner(plan.HostSideNamespace);
        if (plan.Ipv4Forwarding)
        {
            await EnsureSysctlAsync("net.ipv4.ip_forward", forwarding, changes, cancellationToken).ConfigureAwait(false);
        }

        if (plan.Ipv6Forwarding)
        {
            await EnsureSysctlAsync("net.ipv6.conf.all.forwarding", forwarding, changes, cancellationToken).ConfigureAwait(false);
        }

        await ConvergeUplinkAsync(plan.Bridge, changes, cancellationToken).ConfigureAwait(false);
        return new NetworkApplyResult([.. changes]);
    }

    /// <summary>
    /// Removes every port, tap, host interface and route labelled with <paramref name="scenarioId"/> on
    /// <paramref name="bridge"/>. The bridge stays: it is the host's, shared by all scenarios.
    /// </summary>
    public async Task<NetworkApplyResult> RemoveAsync(string bridge, string scenarioId, CancellationToken cancellationToken)
    {
        var changes = new List<string>();
        var state = await ReadStateAsync(bridge, cancellationToken).ConfigureAwait(false);
        var ports = state.Ports.Where(p => p.ScenarioId == scenarioId).ToList();
        foreach (var port in ports)
        {
            await RemovePortAsync(bridge, port, changes, cancellationToken).ConfigureAwait(false);
        }

        // The deployment's own host-side namespace goes with its ports (found by their labels: nothing else is deleted).
        await DeleteNamespacesAsync(ports, null, changes, cancellationToken).ConfigureAwait(false);

        // The trunk shrinks by this scenario's cross-host VLANs (and goes when none is left).
        await ConvergeUplinkAsync(bridge, changes, cancellationToken).ConfigureAwait(false);
        return new NetworkApplyResult([.. changes]);
    }

    private async Task RemovePortAsync(string bridge, ObservedPort port, List<string> changes, CancellationToken cancellationToken)
    {
        // In a namespace of its own, routes go with the veth (and the namespace); in the shared one they are deleted.
        foreach (var route in port.HostNamespace is null ? port.Routes : [])
        {
            await DeleteRouteAsync(route, _runner, changes, cancellationToken).ConfigureAwait(false);
        }

        // The device goes before its port: while the labelled port exists a retry can still find the device. Deleting a
        // host-side veth here deletes its peer in the namespace at once (a deleted namespace frees it only later).
        if ((port.Kind is PortKind.Tap or PortKind.Veth || port.HostNamespace is not null)
            && await LinkAsync(port.Name, _runner, cancellationToken).ConfigureAwait(false) is not null)
        {
            await ChangeAsync("ip", ["link", "del", "dev", port.Name], changes, cancellationToken).ConfigureAwait(false);
        }

        await ChangeVsctlAsync(["--if-exists", "del-port", bridge, port.Name], changes, cancellationToken).ConfigureAwait(false);
    }
}

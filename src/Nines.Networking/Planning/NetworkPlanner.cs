using Nines.Domain;
using Nines.Domain.Diagnostics;
using Nines.Domain.Scenarios;

namespace Nines.Networking.Planning;

/// <summary>
/// Computes the network objects one scenario needs on one host (pure: the host's current ports come in
/// as data). Names and tags already allocated to the scenario are kept, so computing again over the state
/// the applier left gives the same plan.
/// </summary>
public static partial class NetworkPlanner
{
    /// <summary>Plans <paramref name="deployment"/> on a host whose bridge currently has <paramref name="state"/>; collects every error.</summary>
    public static ParseResult<NetworkPlan> Plan(
        NetworkDeployment deployment, HostNetworkState state, NetworkPlannerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        ArgumentNullException.ThrowIfNull(state);
        options ??= NetworkPlannerOptions.Default;
        var bag = new DiagnosticBag();
        var scenario = deployment.Scenario;
        var vms = PlacedVms(deployment, bag);
        var hostInterfaces = deployment.IncludeHostSection && scenario.Host is { } host ? host.Interfaces : [];

        var networks = UsedNetworks(deployment, vms, hostInterfaces, bag);
        var segments = AllocateTags(deployment, networks, state, options, bag);
        var tags = segments.ToDictionary(s => s.Network, s => s.Tag, StringComparer.Ordinal);

        var names = new PortNameAllocator(deployment.ScenarioId, state);
        var ports = new List<PortPlan>();
        foreach (var vm in vms)
        {
            foreach (var nic in vm.Interfaces.Where(i => tags.ContainsKey(i.Network)))
            {
                var kind = deployment.VethVms?.Contains(vm.Name) == true ? PortKind.Veth : PortKind.Tap;
                ports.Add(new PortPlan(names.Tap(vm.Name, nic.Id), kind, nic.Network, tags[nic.Network], vm.Name, nic.Id));
            }
        }

        // One host port per network; several <hostif> on the same network add their addresses to it.
        foreach (var group in hostInterfaces.Where(h => tags.ContainsKey(h.Network)).GroupBy(h => h.Network, StringComparer.Ordinal))
        {
            ValueList<IpAddressSpec> addresses = [.. group.SelectMany(h => h.Ipv4.Concat(h.Ipv6)).Distinct()];
            ports.Add(new PortPlan(names.Host(group.Key), PortKind.HostInterface, group.Key, tags[group.Key], Addresses: addresses));
        }

        var hostSide = HostSideNamespaceOf(deployment, state, options, ports);
        if (hostSide is not null)
        {
            ports = [.. ports.Select(p => p.Kind == PortKind.HostInterface ? p with { Namespace = hostSide } : p)];
        }

        var routes = deployment.IncludeHostSection ? HostRoutes(deployment, ports, bag) : [];

        // In a namespace of its own, forwarding needs a host interface to forward between (and a namespace to set it in):
        // without one the deployment has no host side here, and the switch's namespace is never touched.
        var forwarding = deployment.IncludeHostSection && (options.HostSide == HostSideMode.Shared || hostSide is not null) ? scenario.Host?.Forwarding : null;
        var plan = new NetworkPlan(
            options.Bridge,
            deployment.ScenarioId,
            [.. segments],
            [.. ports],
            [.. routes],
            forwarding is Forwarding.Ip or Forwarding.Ipv4,
            forwarding is Forwarding.Ip or Forwarding.Ipv6)
        {
            HostSideNamespace = hostSide,
        };
        return ParseResult<NetworkPlan>.From(plan, bag);
    }

    /// <summary>
    /// The deployment's own host-side namespace: the one its host ports already name (adopted after a restart or a
    /// changed switch namespace), else <see cref="HostSideNamespace.Name"/>; null when shared or without host ports.
    /// </summary>
    private static string? HostSideNamespaceOf(NetworkDeployment deployment, HostNetworkState state, NetworkPlannerOptions options, List<PortPlan> ports)
    {
        if (options.HostSide == HostSideMode.Shared || !ports.Any(p => p.Kind == PortKind.HostInterface))
        {
            return null;
        }

        return state.Ports.FirstOrDefault(p => p.IsOurs && p.ScenarioId == deployment.ScenarioId && p.Kind == PortKind.HostInterface && p.HostNamespace is not null)?.HostNamespace
            ?? HostSideNamespace.Name(deployment.ScenarioId, state.SwitchNamespace);
    }

    private static List<VmSpec> PlacedVms(NetworkDeployment deployment, DiagnosticBag bag)
    {
        var scenario = deployment.Scenario;
        foreach (var name in deployment.HostVms.Where(n => scenario.FindVm(n) is null))
        {
            bag.Error(NetworkPlanCodes.UnknownVm, Locate(deployment, scenario), $"vm[{name}]", $"vm \"{name}\" is placed on this host but is not in scenario \"{scenario.Name}\"");
        }

        var placed = deployment.HostVms.ToHashSet(StringComparer.Ordinal);
        return [.. scenario.EffectiveVms.Where(v => placed.Contains(v.Name))];
    }

    /// <summary>The networks with something on this host, in the scenario's order.</summary>
    private static List<string> UsedNetworks(
        NetworkDeployment deployment, List<VmSpec> vms, ValueList<HostInterfaceSpec> hostInterfaces, DiagnosticBag bag)
    {
        var scenario = deployment.Scenario;
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var vm in vms)
        {
            foreach (var nic in vm.Interfaces)
            {
                if (scenario.FindNetwork(nic.Network) is null)
                {
                    bag.Error(NetworkPlanCodes.UnknownNetwork, Locate(deployment, nic), $"vm[{vm.Name}]/if[{nic.Id}]/net", $"interface {nic.Id} of vm \"{vm.Name}\" is on network \"{nic.Network}\", which the scenario does not declare (expected one of its <net> names)");
                    continue;
                }

                used.Add(nic.Network);
            }
        }

        foreach (var hostInterface in hostInterfaces)
        {
            if (scenario.FindNetwork(hostInterface.Network) is null)
            {
                bag.Error(NetworkPlanCodes.UnknownNetwork, Locate(deployment, hostInterface), $"host/hostif[{hostInterface.Network}]", $"host interface is on network \"{hostInterface.Network}\", which the scenario does not declare (expected one of its <net> names)");
                continue;
            }

            used.Add(hostInterface.Network);
        }

        return [.. scenario.Networks.Select(n => n.Name).Where(used.Contains).Distinct(StringComparer.Ordinal)];
    }

    private static SourceLocation Locate(NetworkDeployment deployment, object item) =>
        deployment.Map?.Locate(item) ?? SourceLocation.OfFile(deployment.Scenario.Name);
}

using Nines.Domain.Scenarios;
using Nines.Networking.Planning;

namespace Nines.Networking.Tests.Support;

/// <summary>Small scenarios for the network tests: VMs on "Net0"/"Net1", optionally a host interface and route.</summary>
internal static class TestScenarios
{
    /// <summary>Two VMs on Net0 (10.0.0.1, 10.0.0.2), vm2 also on Net1; the host on Net1 (10.0.1.100) with a route via vm2.</summary>
    public static Scenario TwoVms(string name, string subnet = "10.0.0") => new(
        name,
        Networks: [new NetworkSpec("Net0"), new NetworkSpec("Net1")],
        Vms:
        [
            new VmSpec("vm1", Interfaces: [new InterfaceSpec(0, "Net0", Ipv4: [new IpAddressSpec($"{subnet}.1", 24)])]),
            new VmSpec("vm2", Interfaces:
            [
                new InterfaceSpec(0, "Net0", Ipv4: [new IpAddressSpec($"{subnet}.2", 24)]),
                new InterfaceSpec(1, "Net1", Ipv4: [new IpAddressSpec("10.0.1.2", 24)]),
            ]),
        ],
        Host: new HostSection(
            Interfaces: [new HostInterfaceSpec("Net1", Ipv4: [new IpAddressSpec("10.0.1.100", 24)])],
            Routes: [new RouteSpec(IpFamily.Ipv4, "10.0.0.0/24", "10.0.1.2")],
            Forwarding: Forwarding.Ipv4));

    public static NetworkDeployment Deploy(string id, Scenario scenario, bool host = true, IReadOnlyDictionary<string, int>? vlans = null) =>
        new(id, scenario, [.. scenario.Vms.Select(v => v.Name)], host, vlans);

    /// <summary>The state a host would report after the plan was applied (what the applier writes, read back).</summary>
    public static HostNetworkState StateAfter(NetworkPlan plan, HostNetworkState? before = null) => new(
    [
        .. (before ?? HostNetworkState.Empty).Ports.Where(p => p.ScenarioId != plan.ScenarioId),
        .. plan.Ports.Select(p => new ObservedPort(p.Name, p.Tag, plan.ScenarioId, p.Kind, p.Network, p.Vm, p.InterfaceId, HostNamespace: p.Namespace)),
    ],
    before?.SwitchNamespace);
}

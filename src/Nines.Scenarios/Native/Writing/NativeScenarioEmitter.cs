using Nines.Domain.Scenarios;

namespace Nines.Scenarios.Native.Writing;

/// <summary>
/// Writes a scenario in the native schema, key order fixed by the schema, leaving out every unset
/// value and every value equal to the reader's default, so the output is deterministic and minimal.
/// </summary>
internal sealed partial class NativeScenarioEmitter(NativeYamlOut output)
{
    /// <summary>Memory sizes count KiB (2^10 bytes).</summary>
    private readonly NativeYamlOut _out = output;

    public void Write(Scenario scenario)
    {
        _out.BeginDocument();
        _out.BeginMapping();
        _out.Field("nines", NativeNames.FormatVersion);
        _out.Field("name", scenario.Name);
        _out.Field("version", scenario.Version);
        _out.Field("tenant", scenario.Tenant);
        _out.Record("automac", scenario.AutoMac, automac => _out.Field("offset", automac.Offset), flow: true);
        _out.Field("management", scenario.ManagementNetwork);
        _out.Record("defaults", scenario.Defaults, Defaults);
        _out.Records("networks", scenario.Networks, Network);
        _out.Records("vms", scenario.Vms, Vm);
        _out.Record("host", scenario.Host, Host);
        _out.Records("redundancy_groups", scenario.RedundancyGroups, RedundancyGroup);
        _out.Records("placement", scenario.PlacementRules, Placement);
        _out.EndMapping();
        _out.EndDocument();
    }

    private void Network(NetworkSpec network)
    {
        _out.Field("name", network.Name);
        if (network.Mode != NetworkMode.VirtualBridge)
        {
            _out.PlainField("mode", NativeNames.NetworkModes.NameOf(network.Mode));
        }

        if (network.Type != NetworkType.Lan)
        {
            _out.PlainField("type", NativeNames.NetworkTypes.NameOf(network.Type));
        }

        _out.Field("vlan", network.Vlan);
        _out.Field("external", network.External);
        _out.Field("bandwidth", network.Bandwidth);
        _out.Field("socket", network.Socket);
        _out.Field("hub", network.Hub ? true : null);
        _out.Field("shared", network.Shared ? true : null);
    }

    private void Route(RouteSpec route)
    {
        // The family is not written: the reader infers it from the gateway.
        _out.Field("to", route.Destination);
        _out.Field("via", route.Gateway);
    }

    private void Host(HostSection host)
    {
        _out.Records("interfaces", host.Interfaces, HostInterface, flow: true);
        _out.Records("physical_interfaces", host.PhysicalInterfaces, PhysicalInterface, flow: true);
        _out.Records("routes", host.Routes, Route, flow: true);
        Forwarding(host.Forwarding);
        _out.Records("execs", host.Execs, Exec);
    }

    private void HostInterface(HostInterfaceSpec spec)
    {
        _out.Field("network", spec.Network);
        _out.Strings("ipv4", spec.Ipv4.Select(a => a.ToString()));
        _out.Strings("ipv6", spec.Ipv6.Select(a => a.ToString()));
    }

    private void PhysicalInterface(PhysicalInterfaceSpec spec)
    {
        _out.Field("name", spec.Name);
        _out.Field("address", spec.Address);
        _out.Field("mask", spec.Mask);
        _out.Field("gateway", spec.Gateway);
    }

    private void Forwarding(Forwarding? forwarding) =>
        _out.PlainField("forwarding", forwarding is { } value ? NativeNames.Forwardings.NameOf(value) : null);

    private void RedundancyGroup(RedundancyGroupSpec group)
    {
        _out.Field("name", group.Name);
        _out.PlainField("model", NativeNames.RedundancyModels.NameOf(group.Model));
        _out.Strings("members", group.Members);
        _out.Field("actives", group.Actives);
        _out.Field("standbys", group.Standbys);
        _out.Strings("preferred_hosts", group.PreferredHosts);
    }

    private void Placement(PlacementRule rule)
    {
        _out.PlainField("rule", NativeNames.PlacementRuleKinds.NameOf(rule.Kind));
        _out.Strings("vms", rule.Vms);
        _out.Strings("networks", rule.Networks);
        _out.Field("host", rule.Host);
        _out.Field("hard", rule.Hard ? null : false);
    }
}

using System.Globalization;
using System.Text.Json;
using Nines.Domain;
using Nines.Domain.Scenarios;
using Nines.Networking.Planning;
using Nines.Networking.Trunks;

namespace Nines.Networking.Applying;

/// <summary>
/// The external_ids Nines writes on each port and its interface. They are the only record of what a
/// scenario made on a host, so teardown and re-planning work from Open vSwitch's own state.
/// </summary>
internal static class PortLabels
{
    public const string Scenario = "nines-scenario";
    public const string Network = "nines-network";
    public const string Kind = "nines-kind";
    public const string Vm = "nines-vm";
    public const string Interface = "nines-iface";
    public const string Routes = "nines-routes";
    public const string CrossHost = "nines-cross-host";
    public const string Uplink = "nines-uplink";
    public const string Netns = "nines-netns";

    public const string TrunkUplinkKind = "802.1q";
    public const string VxlanUplinkKind = "vxlan";

    private const string TapKind = "tap";
    private const string HostKind = "host";
    private const string VethKind = "veth";
    private const string TrunkKind = "trunk";
    private const string True = "true";
    private const string RouteSeparator = ";";

    /// <summary>The labels a planned port must carry.</summary>
    public static SortedDictionary<string, string> For(NetworkPlan plan, PortPlan port)
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [Scenario] = plan.ScenarioId,
            [Network] = port.Network,
            [Kind] = port.Kind switch
            {
                PortKind.Tap => TapKind,
                PortKind.Veth => VethKind,
                _ => HostKind,
            },
        };
        if (port.Vm is not null)
        {
            labels[Vm] = port.Vm;
        }

        if (port.InterfaceId is { } id)
        {
            labels[Interface] = id.ToString(CultureInfo.InvariantCulture);
        }

        // Written with the port, before the namespace exists: a crash in between leaves a label teardown follows.
        if (port.Namespace is { } ns)
        {
            labels[Netns] = ns;
        }

        var routes = plan.Routes.Where(r => r.Device == port.Name).ToList();
        if (routes.Count > 0)
        {
            labels[Routes] = string.Join(RouteSeparator, routes);
        }

        // The uplink's VLAN list is recomputed from this label on every apply and removal.
        if (plan.FindSegment(port.Network)?.CrossHost == true)
        {
            labels[CrossHost] = True;
        }

        return labels;
    }

    /// <summary>The labels of the host's uplink port: no scenario owns it.</summary>
    public static SortedDictionary<string, string> ForUplink(HostUplink uplink) => new(StringComparer.Ordinal)
    {
        [Kind] = TrunkKind,
        [Uplink] = uplink is VxlanUplink ? VxlanUplinkKind : TrunkUplinkKind,
    };

    /// <summary>ovs-vsctl <c>external_ids:KEY="VALUE"</c> arguments (values JSON-quoted: ids may hold any character).</summary>
    public static IEnumerable<string> Arguments(IReadOnlyDictionary<string, string> labels) =>
        labels.Select(l => $"external_ids:{l.Key}={JsonSerializer.Serialize(l.Value)}");

    /// <summary>Reads a port back from its labels (null fields when it is not one of ours).</summary>
    public static ObservedPort Read(
        string name, int? tag, IReadOnlyDictionary<string, string> labels, string? interfaceType, ValueList<int> trunks = default)
    {
        PortKind? kind = labels.GetValueOrDefault(Kind) switch
        {
            TapKind => PortKind.Tap,
            HostKind => PortKind.HostInterface,
            VethKind => PortKind.Veth,
            TrunkKind => PortKind.Trunk,
            _ => null,
        };
        int? interfaceId = int.TryParse(labels.GetValueOrDefault(Interface), NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : null;
        var routes = (labels.GetValueOrDefault(Routes) ?? string.Empty)
            .Split(RouteSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(r => r.Split(" via ", 2))
            .Where(parts => parts.Length == 2)
            .Select(parts => new HostRoutePlan(parts[1].Contains(':', StringComparison.Ordinal) ? IpFamily.Ipv6 : IpFamily.Ipv4, parts[0], parts[1], name));
        return new ObservedPort(
            name,
            tag,
            labels.GetValueOrDefault(Scenario),
            kind,
            labels.GetValueOrDefault(Network),
            labels.GetValueOrDefault(Vm),
            interfaceId,
            [.. routes],
            interfaceType,
            labels.GetValueOrDefault(CrossHost) == True,
            trunks,
            labels.GetValueOrDefault(Uplink),
            labels.GetValueOrDefault(Netns));
    }
}

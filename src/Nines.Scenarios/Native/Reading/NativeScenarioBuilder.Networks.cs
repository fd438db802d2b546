using Nines.Domain.Scenarios;
using Nines.Scenarios.Values;
using YamlDotNet.RepresentationModel;

namespace Nines.Scenarios.Native.Reading;

/// <summary>Networks, routes and the host section.</summary>
internal sealed partial class NativeScenarioBuilder
{
    private const string DefaultRoute = "default";

    private static readonly string[] _networkKeys = ["name", "mode", "type", "vlan", "external", "bandwidth", "socket", "hub", "shared"];
    private static readonly string[] _routeKeys = ["to", "via", "family"];
    private static readonly string[] _hostKeys = ["interfaces", "physical_interfaces", "routes", "forwarding", "execs"];
    private static readonly string[] _hostInterfaceKeys = ["network", "ipv4", "ipv6"];
    private static readonly string[] _physicalInterfaceKeys = ["name", "family", "address", "mask", "gateway"];

    private NetworkSpec? Network(YamlNode node, string path)
    {
        if (_context.Mapping(node, path, "a network", _networkKeys) is not { } m)
        {
            return null;
        }

        var name = m.RequiredString("name");
        var network = new NetworkSpec(
            name ?? string.Empty,
            m.Enum("mode", NativeNames.NetworkModes) ?? NetworkMode.VirtualBridge,
            m.Enum("type", NativeNames.NetworkTypes) ?? NetworkType.Lan,
            m.Int("vlan", 1, 4094),
            m.String("external"),
            m.Long("bandwidth", 1),
            m.String("socket"),
            m.Bool("hub") ?? false,
            m.Bool("shared") ?? false);
        return name is null ? null : _context.Record(network, node);
    }

    /// <summary>
    /// A route's family follows from its gateway (and its destination, unless <c>default</c>); an
    /// explicit <c>family</c> is allowed but must agree.
    /// </summary>
    private RouteSpec? Route(YamlNode node, string path)
    {
        if (_context.Mapping(node, path, "a route", _routeKeys) is not { } m)
        {
            return null;
        }

        var to = m.RequiredString("to");
        var via = m.ReadRequiredValue("via", _context.Address);
        var family = m.Enum("family", NativeNames.IpFamilies);
        if (to is null || via is null)
        {
            return null;
        }

        IpFamily? toFamily = null;
        if (to != DefaultRoute)
        {
            if (IpAddressText.ParseCidr(to) is not { } prefix)
            {
                _context.Error(NativeDiagnosticCodes.BadAddress, m.Get("to")!, m.ChildPath("to"),
                    $"\"{to}\" is not a route destination (expected \"default\" or a prefix such as 10.0.0.0/24)");
                return null;
            }

            toFamily = prefix.Family;
        }

        if (toFamily is { } destinationFamily && destinationFamily != via.Value.Family)
        {
            _context.Error(NativeDiagnosticCodes.FamilyMismatch, m.Get("to")!, m.ChildPath("to"),
                $"destination \"{to}\" is {Name(destinationFamily)} but gateway \"{via.Value.Text}\" is {Name(via.Value.Family)}");
            return null;
        }

        if (family is { } explicitFamily && explicitFamily != via.Value.Family)
        {
            _context.Error(NativeDiagnosticCodes.FamilyMismatch, m.Get("family")!, m.ChildPath("family"),
                $"family {Name(explicitFamily)} does not match gateway \"{via.Value.Text}\", which is {Name(via.Value.Family)}");
            return null;
        }

        return _context.Record(new RouteSpec(via.Value.Family, to, via.Value.Text), node);
    }

    private HostSection? Host(YamlNode node, string path)
    {
        if (_context.Mapping(node, path, "the host section", _hostKeys) is not { } m)
        {
            return null;
        }

        var host = new HostSection(
            m.List("interfaces", HostInterface),
            m.List("physical_interfaces", PhysicalInterface),
            m.List("routes", Route),
            m.Enum("forwarding", NativeNames.Forwardings),
            m.List("execs", Exec));
        return _context.Record(host, node);
    }

    private HostInterfaceSpec? HostInterface(YamlNode node, string path)
    {
        if (_context.Mapping(node, path, "a host interface", _hostInterfaceKeys) is not { } m)
        {
            return null;
        }

        var spec = new HostInterfaceSpec(
            m.RequiredString("network") ?? string.Empty,
            m.List("ipv4", (item, at) => _context.Cidr(item, at, IpFamily.Ipv4)),
            m.List("ipv6", (item, at) => _context.Cidr(item, at, IpFamily.Ipv6)));
        return _context.Record(spec, node);
    }

    /// <summary>
    /// VNUML's <c>physicalif</c>: the address may carry a prefix (IPv6 does), an IPv4 netmask goes in
    /// <c>mask</c>. The family follows from the address.
    /// </summary>
    private PhysicalInterfaceSpec? PhysicalInterface(YamlNode node, string path)
    {
        if (_context.Mapping(node, path, "a physical interface", _physicalInterfaceKeys) is not { } m)
        {
            return null;
        }

        var name = m.RequiredString("name");
        var family = m.Enum("family", NativeNames.IpFamilies);
        var address = m.ReadRequired("address", PhysicalAddress);
        var mask = m.ReadValue("mask", _context.Address);
        var gateway = m.ReadValue("gateway", _context.Address);
        if (name is null || address is null)
        {
            return null;
        }

        var addressFamily = IpAddressText.FamilyOf(address) ?? IpAddressText.ParseCidr(address)!.Value.Family;
        var ok = Agrees(m, "family", family, addressFamily, address)
            & Agrees(m, "mask", mask?.Family, IpFamily.Ipv4, address)
            & Agrees(m, "gateway", gateway?.Family, addressFamily, address);
        return ok
            ? _context.Record(new PhysicalInterfaceSpec(name, addressFamily, address, mask?.Text, gateway?.Text), node)
            : null;
    }

    private string? PhysicalAddress(YamlNode node, string path)
    {
        if (_context.String(node, path) is not { } text)
        {
            return null;
        }

        if (IpAddressText.FamilyOf(text) is null && IpAddressText.ParseCidr(text) is null)
        {
            _context.Error(NativeDiagnosticCodes.BadAddress, node, path,
                $"\"{text}\" is not an IP address (expected e.g. 192.168.0.1 or 2001:db8::1/64)");
            return null;
        }

        return text;
    }

    private bool Agrees(NativeMapping m, string key, IpFamily? actual, IpFamily expected, string address)
    {
        if (actual is not { } family || family == expected)
        {
            return true;
        }

        _context.Error(NativeDiagnosticCodes.FamilyMismatch, m.Get(key)!, m.ChildPath(key),
            $"{key} is {Name(family)} but address \"{address}\" needs {Name(expected)}");
        return false;
    }

    private static string Name(IpFamily family) => NativeNames.IpFamilies.NameOf(family);
}

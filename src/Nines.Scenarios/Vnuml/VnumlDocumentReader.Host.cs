using System.Xml.Linq;
using Nines.Domain.Scenarios;
using Nines.Scenarios.Values;

namespace Nines.Scenarios.Vnuml;

/// <summary><c>&lt;host&gt;</c>: the host's interfaces on scenario networks, its real interfaces, routes and commands.</summary>
internal sealed partial class VnumlDocumentReader
{
    private HostSection ReadHost(XElement element)
    {
        var scope = VnumlScope.Root.Child("host", "host");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var interfaces = new List<HostInterfaceSpec>();
        var physical = new List<PhysicalInterfaceSpec>();
        var routes = new List<RouteSpec>();
        var execs = new List<ExecSpec>();
        Forwarding? forwarding = null;
        foreach (var child in element.Elements())
        {
            switch (NameOf(child))
            {
                case "hostif":
                    AddIfRead(interfaces, ReadHostInterface(child, scope));
                    break;
                case "physicalif":
                    AddIfRead(physical, ReadPhysicalInterface(child, scope));
                    break;
                case "route":
                    AddIfRead(routes, ReadRoute(child, scope));
                    break;
                case "forwarding" when First(seen, child, "host", scope):
                    forwarding = ReadForwarding(child, scope);
                    break;
                case "forwarding":
                    break; // a repeat, already reported by First
                case "exec":
                    AddIfRead(execs, ReadExec(child, scope));
                    break;
                default:
                    Unexpected(child, "host", scope);
                    break;
            }
        }

        var host = new HostSection(interfaces, physical, routes, forwarding, execs);
        _map.Record(host, At(element));
        return host;
    }

    private HostInterfaceSpec? ReadHostInterface(XElement element, VnumlScope scope)
    {
        var network = Required(element, "net", scope.Child("hostif"));
        var ifScope = scope.Child($"hostif[{network}]", $"hostif \"{network}\"");
        var ipv4 = new List<IpAddressSpec>();
        var ipv6 = new List<IpAddressSpec>();
        foreach (var child in element.Elements())
        {
            switch (NameOf(child))
            {
                case "ipv4":
                    AddIfRead(ipv4, ReadAddress(child, IpFamily.Ipv4, ifScope));
                    break;
                case "ipv6":
                    AddIfRead(ipv6, ReadAddress(child, IpFamily.Ipv6, ifScope));
                    break;
                default:
                    Unexpected(child, "hostif", ifScope);
                    break;
            }
        }

        if (network is null)
        {
            return null;
        }

        var hostInterface = new HostInterfaceSpec(network, ipv4, ipv6);
        _map.Record(hostInterface, At(element));
        return hostInterface;
    }

    /// <summary>
    /// <c>&lt;physicalif&gt;</c>: an address VNUML sets on a real host interface. The mask is kept as written
    /// (a dotted mask for IPv4, a prefix length for IPv6) once checked.
    /// </summary>
    private PhysicalInterfaceSpec? ReadPhysicalInterface(XElement element, VnumlScope scope)
    {
        var name = Required(element, "name", scope.Child("physicalif"));
        var ifScope = scope.Child($"physicalif[{name}]", $"physicalif \"{name}\"");
        var family = TryChoice(element, "type", VnumlChoices.Families, ifScope, required: false, out var f) ? f : IpFamily.Ipv4;
        var address = Required(element, "ip", ifScope);
        var ok = name is not null && address is not null;
        if (address is not null && !IpAddressText.IsAddress(family, address))
        {
            _bag.Error(
                VnumlDiagnosticCodes.InvalidAddress,
                At(element.Attribute("ip")!),
                ifScope.AttributeField("ip"),
                ifScope.Say($"physicalif ip \"{address}\" is not an {FamilyName(family)} address"));
            ok = false;
        }

        var gateway = Optional(element, "gw");
        if (gateway is not null && !IpAddressText.IsAddress(family, gateway))
        {
            _bag.Error(
                VnumlDiagnosticCodes.InvalidAddress,
                At(element.Attribute("gw")!),
                ifScope.AttributeField("gw"),
                ifScope.Say($"physicalif gw \"{gateway}\" is not an {FamilyName(family)} address"));
            ok = false;
        }

        ReadMask(element, family, ifScope, ifScope.AttributeField("mask"), ref ok);
        if (!ok)
        {
            return null;
        }

        var physical = new PhysicalInterfaceSpec(name!, family, address!, Optional(element, "mask"), gateway);
        _map.Record(physical, At(element));
        return physical;
    }
}

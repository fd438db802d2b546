using System.Xml.Linq;
using Nines.Domain.Scenarios;
using Nines.Scenarios.Values;

namespace Nines.Scenarios.Vnuml;

/// <summary><c>&lt;net&gt;</c>, VM interfaces and their addresses.</summary>
internal sealed partial class VnumlDocumentReader
{
    private NetworkSpec? ReadNetwork(XElement element)
    {
        var name = Required(element, "name", VnumlScope.Root.Child("net", "net"));
        var scope = name is null ? VnumlScope.Root.Child("net", "net") : VnumlScope.Root.Child($"net[{name}]", $"net \"{name}\"");
        var mode = TryChoice(element, "mode", VnumlChoices.NetworkModes, scope, required: true, out var m) ? m : NetworkMode.VirtualBridge;
        var type = TryChoice(element, "type", VnumlChoices.NetworkTypes, scope, required: false, out var t) ? t : NetworkType.Lan;
        var vlan = Number(element, "vlan", 1, 4094, scope);
        var hub = TryChoice(element, "hub", VnumlChoices.YesNo, scope, required: false, out var h) && h;
        var shared = TryChoice(element, "scope", VnumlChoices.Scopes, scope, required: false, out var s) && s;
        var bandwidth = ReadNetworkChildren(element, type, scope);
        if (name is null)
        {
            return null;
        }

        var network = new NetworkSpec(
            name,
            mode,
            type,
            vlan,
            Optional(element, "external"),
            bandwidth,
            Optional(element, "sock"),
            hub,
            shared);
        _map.Record(network, At(element));
        return network;
    }

    /// <summary>The only child of <c>&lt;net&gt;</c> is <c>&lt;bw&gt;</c>, a bandwidth in bit/s that VNUML applies to ppp links only.</summary>
    private long? ReadNetworkChildren(XElement element, NetworkType type, VnumlScope scope)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long? bandwidth = null;
        foreach (var child in element.Elements())
        {
            if (NameOf(child) != "bw")
            {
                Unexpected(child, "net", scope);
                continue;
            }

            if (!First(seen, child, "net", scope) || RequiredText(child, scope, "a bandwidth in bit/s") is not { } text)
            {
                continue;
            }

            if (!DecimalText.TryParseNatural(text, out long bits) || bits == 0)
            {
                _bag.Error(
                    VnumlDiagnosticCodes.InvalidNumber,
                    At(child),
                    scope.Field("bw"),
                    scope.Say($"<bw> \"{text}\" is not valid (expected a bandwidth in bit/s, a whole number of at least 1)"));
            }
            else if (type != NetworkType.Ppp)
            {
                _bag.Warning(
                    VnumlDiagnosticCodes.IgnoredFeature,
                    At(child),
                    scope.Field("bw"),
                    scope.Say("<bw> applies to ppp networks only (VNUML ignores it on a lan); ignored"));
            }
            else
            {
                bandwidth = bits;
            }
        }

        return bandwidth;
    }

    private InterfaceSpec? ReadInterface(XElement element, VnumlScope scope)
    {
        var id = Number(element, "id", 0, int.MaxValue, scope.Child("if"), required: true);
        var idText = Optional(element, "id") ?? "?";
        var ifScope = scope.Child($"if[{idText}]", $"if {idText}");
        var network = Required(element, "net", ifScope);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? mac = null;
        var ipv4 = new List<IpAddressSpec>();
        var ipv6 = new List<IpAddressSpec>();
        foreach (var child in element.Elements())
        {
            switch (NameOf(child))
            {
                case "mac" when First(seen, child, "if", ifScope):
                    mac = child.Value.Trim() is { Length: > 0 } text ? text : null;
                    break;
                case "mac":
                    break; // a repeat, already reported by First
                case "ipv4":
                    AddIfRead(ipv4, ReadAddress(child, IpFamily.Ipv4, ifScope));
                    break;
                case "ipv6":
                    AddIfRead(ipv6, ReadAddress(child, IpFamily.Ipv6, ifScope));
                    break;
                default:
                    Unexpected(child, "if", ifScope);
                    break;
            }
        }

        if (id is null || network is null)
        {
            return null;
        }

        var nic = new InterfaceSpec(id.Value, network, mac, ipv4, ipv6);
        _map.Record(nic, At(element));
        return nic;
    }

    /// <summary>
    /// An <c>&lt;ipv4&gt;</c> or <c>&lt;ipv6&gt;</c>: the prefix comes from the text (<c>10.0.0.1/24</c>) or the
    /// mask attribute; unset, IPv4 takes the DTD's 255.255.255.0 and IPv6 takes /64. Text and mask that
    /// disagree are an error rather than a silent choice.
    /// </summary>
    private IpAddressSpec? ReadAddress(XElement element, IpFamily family, VnumlScope scope)
    {
        var tag = NameOf(element);
        var example = family == IpFamily.Ipv4 ? "10.0.0.1 or 10.0.0.1/24" : "2001:db8::1 or 2001:db8::1/64";
        var text = RequiredText(element, scope, $"an address such as {example}");
        if (text is null)
        {
            return null;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var address = slash < 0 ? text : text[..slash].Trim();
        var ok = true;
        if (!IpAddressText.IsAddress(family, address))
        {
            _bag.Error(
                VnumlDiagnosticCodes.InvalidAddress,
                At(element),
                scope.Field(tag),
                scope.Say($"{tag} \"{text}\" is not an {FamilyName(family)} address (expected e.g. {example})"));
            ok = false;
        }

        var max = family == IpFamily.Ipv4 ? 32 : 128;
        int? fromText = null;
        if (slash >= 0)
        {
            if (IpAddressText.TryParsePrefixLength(text[(slash + 1)..].Trim(), max, out var length))
            {
                fromText = length;
            }
            else
            {
                _bag.Error(
                    VnumlDiagnosticCodes.InvalidMask,
                    At(element),
                    scope.Field(tag),
                    scope.Say($"{tag} \"{text}\" has an invalid prefix length (expected 0 to {max} after the /)"));
                ok = false;
            }
        }

        var fromMask = ReadMask(element, family, scope, scope.Field(tag + "/@mask"), ref ok);
        if (fromText is { } t && fromMask is { } m && t != m)
        {
            _bag.Error(
                VnumlDiagnosticCodes.InvalidMask,
                At(element.Attribute("mask")!),
                scope.Field(tag + "/@mask"),
                scope.Say($"{tag} \"{text}\" contradicts its mask \"{Optional(element, "mask")}\" (/{m}); give the prefix in one place"));
            ok = false;
        }

        return ok ? new IpAddressSpec(address, fromText ?? fromMask ?? (family == IpFamily.Ipv4 ? 24 : 64)) : null;
    }

    private int? ReadMask(XElement element, IpFamily family, VnumlScope scope, string field, ref bool ok)
    {
        if (Optional(element, "mask") is not { } mask)
        {
            return null;
        }

        var valid = family == IpFamily.Ipv4
            ? IpAddressText.TryParseIpv4Mask(mask, allowSlash: true, out var length)
            : IpAddressText.TryParseIpv6Mask(mask, out length);
        if (valid)
        {
            return length;
        }

        var expected = family == IpFamily.Ipv4 ? "a netmask such as 255.255.255.0 or a prefix length 0 to 32" : "a prefix length 0 to 128, e.g. 64";
        _bag.Error(
            VnumlDiagnosticCodes.InvalidMask,
            At(element.Attribute("mask")!),
            field,
            scope.Say($"{NameOf(element)} mask \"{mask}\" is not valid (expected {expected})"));
        ok = false;
        return null;
    }

    private static string FamilyName(IpFamily family) => family == IpFamily.Ipv4 ? "IPv4" : "IPv6";
}

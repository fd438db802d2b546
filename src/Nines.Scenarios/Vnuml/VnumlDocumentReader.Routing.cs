using System.Xml.Linq;
using Nines.Domain.Scenarios;
using Nines.Scenarios.Values;

namespace Nines.Scenarios.Vnuml;

/// <summary><c>&lt;route&gt;</c> and <c>&lt;forwarding&gt;</c>, shared by VMs, VM defaults and the host.</summary>
internal sealed partial class VnumlDocumentReader
{
    /// <summary>A route: <c>type</c> and <c>gw</c> required, the text <c>default</c> or a network prefix of that family.</summary>
    private RouteSpec? ReadRoute(XElement element, VnumlScope scope)
    {
        var routeScope = scope.Child("route");
        var hasFamily = TryChoice(element, "type", VnumlChoices.Families, routeScope, required: true, out var family);
        var gateway = Required(element, "gw", routeScope);
        var destination = RequiredText(element, scope, "default or a prefix such as 10.0.2.0/24");
        if (!hasFamily)
        {
            return null;
        }

        var ok = gateway is not null && destination is not null;
        if (gateway is not null && !IpAddressText.IsAddress(family, gateway))
        {
            _bag.Error(
                VnumlDiagnosticCodes.InvalidAddress,
                At(element.Attribute("gw")!),
                routeScope.AttributeField("gw"),
                scope.Say($"route gw \"{gateway}\" is not an {FamilyName(family)} address (the route's type is {(family == IpFamily.Ipv4 ? "ipv4" : "ipv6")})"));
            ok = false;
        }

        if (destination is not null && destination != "default" && DestinationProblem(destination, family) is { } problem)
        {
            _bag.Error(VnumlDiagnosticCodes.InvalidRouteDestination, At(element), scope.Field("route"), scope.Say(problem));
            ok = false;
        }

        if (!ok)
        {
            return null;
        }

        var route = new RouteSpec(family, destination!, gateway!);
        _map.Record(route, At(element));
        return route;
    }

    /// <summary>Why <paramref name="destination"/> is not a network prefix of <paramref name="family"/>, or null when it is.</summary>
    private static string? DestinationProblem(string destination, IpFamily family)
    {
        var example = family == IpFamily.Ipv4 ? "10.0.2.0/24" : "2001:db8:1::/64";
        var slash = destination.IndexOf('/', StringComparison.Ordinal);
        var max = family == IpFamily.Ipv4 ? 32 : 128;
        if (slash < 0 || !IpAddressText.IsAddress(family, destination[..slash])
            || !IpAddressText.TryParsePrefixLength(destination[(slash + 1)..], max, out var length))
        {
            return $"route destination \"{destination}\" is neither default nor an {FamilyName(family)} prefix (expected default or e.g. {example})";
        }

        var address = destination[..slash];
        return IpAddressText.HasHostBits(address, length)
            ? $"route destination \"{destination}\" has host bits set (expected the network prefix {IpAddressText.NetworkOf(address, length)})"
            : null;
    }

    private Forwarding ReadForwarding(XElement element, VnumlScope scope) =>
        TryChoice(element, "type", VnumlChoices.ForwardingTypes, scope.Child("forwarding"), required: false, out var type) ? type : Forwarding.Ip;
}

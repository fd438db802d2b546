using System.Net;
using Nines.Domain.Diagnostics;

namespace Nines.Networking.Planning;

public static partial class NetworkPlanner
{
    /// <summary>Each host route leaves through the host port whose subnet holds its gateway.</summary>
    private static List<HostRoutePlan> HostRoutes(NetworkDeployment deployment, List<PortPlan> ports, DiagnosticBag bag)
    {
        var routes = new List<HostRoutePlan>();
        foreach (var route in deployment.Scenario.Host?.Routes ?? [])
        {
            var field = $"host/route[{route.Destination}]";
            if (!IPAddress.TryParse(route.Gateway, out var gateway))
            {
                bag.Error(NetworkPlanCodes.InvalidAddress, Locate(deployment, route), field, $"route gateway \"{route.Gateway}\" is not an IP address");
                continue;
            }

            if (route.IsDefault)
            {
                bag.Error(NetworkPlanCodes.DefaultRoute, Locate(deployment, route), field, $"host route to {route.Destination} refused: a host side routes only toward prefixes the scenario declares, never default, 0.0.0.0/0 or ::/0 (rule hostRouteDefault)");
                continue;
            }

            if (!IPNetwork.TryParse(route.Destination, out _))
            {
                bag.Error(NetworkPlanCodes.InvalidAddress, Locate(deployment, route), field, $"route destination \"{route.Destination}\" is not a prefix such as 10.0.0.0/16");
                continue;
            }

            var device = ports
                .Where(p => p.Kind == PortKind.HostInterface)
                .FirstOrDefault(p => p.Addresses.Any(a => a.SubnetHolds(gateway)));
            if (device is null && HeldByDeclaredInterface(deployment, gateway))
            {
                // Its host interface got no port (an error already reported for it): one error is enough.
                continue;
            }

            if (device is null)
            {
                bag.Error(NetworkPlanCodes.UnreachableGateway, Locate(deployment, route), field, $"route gateway {route.Gateway} is on none of the scenario's host interfaces (expected an address in a <hostif> subnet)");
                continue;
            }

            routes.Add(new HostRoutePlan(route.Family, route.Destination, route.Gateway, device.Name));
        }

        return routes;
    }

    private static bool HeldByDeclaredInterface(NetworkDeployment deployment, IPAddress gateway) =>
        (deployment.Scenario.Host?.Interfaces ?? []).Any(h => h.Ipv4.Concat(h.Ipv6).Any(a => a.SubnetHolds(gateway)));
}

using System.Net;

namespace Nines.Scenarios.Validation;

/// <summary>
/// Host routes: the host that realises the scenario's host part routes through one of the scenario's host interfaces
/// (the network planner picks the one whose subnet holds the gateway), so a route no host interface can carry, or a
/// destination that is not a network prefix, would fail that host's network plan.
/// </summary>
internal static partial class ScenarioValidator
{
    private static void CheckHostRoutes(Context context)
    {
        var host = context.Scenario.Host;
        foreach (var route in host?.Routes ?? default)
        {
            var field = $"host/route[{route.Destination}]";
            if (!IPAddress.TryParse(route.Gateway, out var gateway))
            {
                context.Error(ScenarioValidationCodes.InvalidHostRoute, route, field, $"host route to {route.Destination}: gateway \"{route.Gateway}\" is not an IP address");
                continue;
            }

            if (route.Destination != "default" && !IPNetwork.TryParse(route.Destination, out _))
            {
                context.Error(
                    ScenarioValidationCodes.InvalidHostRoute,
                    route,
                    field,
                    $"host route to {route.Destination}: the destination is not a network prefix (expected \"default\" or a prefix such as 10.0.0.0/16)");
                continue;
            }

            if (!host!.Interfaces.Any(i => i.Ipv4.Concat(i.Ipv6).Any(a => a.SubnetHolds(gateway))))
            {
                context.Error(
                    ScenarioValidationCodes.InvalidHostRoute,
                    route,
                    field,
                    $"host route to {route.Destination}: gateway {route.Gateway} is in none of the host interfaces' subnets (the host reaches it only through one of them)");
            }
        }
    }
}

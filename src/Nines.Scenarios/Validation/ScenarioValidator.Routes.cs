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

            if (route.IsDefault)
            {
                // Offline a warning (the file is the user's own); the API refuses it (SubmissionRules), hosts never apply it.
                context.Diagnostics.Warning(
                    ScenarioValidationCodes.DefaultHostRoute,
                    context.Map.Locate(route),
                    field,
                    $"host route to {route.Destination}: a host side routes only toward prefixes the scenario declares, never default, 0.0.0.0/0 or ::/0 (rule hostRouteDefault); the API refuses it and no host applies it");
            }
            else if (!IPNetwork.TryParse(route.Destination, out _))
            {
                context.Error(
                    ScenarioValidationCodes.InvalidHostRoute,
                    route,
                    field,
                    $"host route to {route.Destination}: the destination is not a network prefix (expected a prefix such as 10.0.0.0/16)");
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

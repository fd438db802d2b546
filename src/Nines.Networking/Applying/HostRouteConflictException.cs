using Nines.Networking.Planning;

namespace Nines.Networking.Applying;

/// <summary>
/// A scenario's host route meets a route to the same destination it did not add: a deployment never replaces a route
/// (issue 18's network guard), so the existing one stays and the deployment's plan fails, naming the route's field
/// (<c>host/route[DEST]</c>), the rule and what is there. Not fixed by retrying the same plan.
/// </summary>
public sealed class HostRouteConflictException : Exception
{
    public HostRouteConflictException()
    {
    }

    public HostRouteConflictException(string message)
        : base(message)
    {
    }

    public HostRouteConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <param name="route">The scenario's route.</param>
    /// <param name="where">The namespace it was to be added in, in words.</param>
    /// <param name="existing">The routes already there (<c>ip route</c>'s words).</param>
    public HostRouteConflictException(HostRoutePlan route, string where, string existing)
        : base($"host/route[{route?.Destination}]: the route to {route?.Destination} via {route?.Gateway} is refused: {where} already has a route to it that this deployment did not add ({existing}), and a deployment never replaces a route (rule hostRouteExists)")
    {
        ArgumentNullException.ThrowIfNull(route);
        Route = route;
    }

    /// <summary>The refused route, when known.</summary>
    public HostRoutePlan? Route { get; }
}

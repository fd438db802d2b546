using Nines.Domain.Scenarios;

namespace Nines.Networking.Planning;

/// <summary>A host route (VNUML <c>&lt;host&gt;&lt;route&gt;</c>) through one of the scenario's host interfaces.</summary>
public sealed record HostRoutePlan(IpFamily Family, string Destination, string Gateway, string Device)
{
    /// <summary>The form kept in a host port's <c>nines-routes</c> external id.</summary>
    public override string ToString() => $"{Destination} via {Gateway}";
}

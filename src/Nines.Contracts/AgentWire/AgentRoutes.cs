namespace Nines.Contracts.AgentWire;

/// <summary>Where the agent's HTTP endpoints live and how its problems are typed: both ends of the link build on these.</summary>
public static class AgentRoutes
{
    /// <summary>Every agent route starts here (<c>/agent/v1/health</c>, <c>/agent/v1/deployments/…</c>).</summary>
    public const string Prefix = "/agent/v1";

    /// <summary>The media type of the agent's error answers (<see cref="AgentProblem"/>).</summary>
    public const string ProblemContentType = "application/problem+json";
}

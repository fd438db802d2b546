using Microsoft.AspNetCore.Http;
using Nines.Contracts.AgentWire;

namespace Nines.Agent.Server;

/// <summary>The agent's answers: JSON in <see cref="AgentJson.Answers"/>, problems as <c>application/problem+json</c>.</summary>
internal static class AgentResults
{
    public const string ProblemContentType = AgentRoutes.ProblemContentType;

    public static IResult Ok<T>(T value) => Results.Json(value, AgentJson.Answers);

    public static IResult Problem(AgentProblem problem) =>
        Results.Json(problem, AgentJson.Answers, ProblemContentType, problem.Status);
}

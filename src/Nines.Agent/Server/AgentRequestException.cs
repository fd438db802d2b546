using Microsoft.AspNetCore.Http;
using Nines.Contracts.AgentWire;

namespace Nines.Agent.Server;

/// <summary>A request the agent refuses before doing anything (a body that does not bind): answered as its <see cref="Problem"/>.</summary>
internal sealed class AgentRequestException : Exception
{
    public AgentRequestException()
        : this("body", "the request is not valid")
    {
    }

    public AgentRequestException(string message)
        : this("body", message)
    {
    }

    public AgentRequestException(string message, Exception innerException)
        : base(message, innerException) =>
        Problem = Invalid("body", message);

    public AgentRequestException(string field, string message)
        : base($"{field}: {message}") =>
        Problem = Invalid(field, message);

    public AgentProblem Problem { get; }

    private static AgentProblem Invalid(string field, string message) =>
        new(StatusCodes.Status400BadRequest, "the request is not valid", AgentErrors.InvalidRequest, $"{field}: {message}",
            Errors: new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] });
}

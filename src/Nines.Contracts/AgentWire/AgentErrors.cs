using Nines.Contracts.Agents;
using Nines.Domain;
using Nines.Drivers.Errors;
using Nines.Drivers.Sequences;

namespace Nines.Contracts.AgentWire;

/// <summary>
/// The two directions of the agent's error mapping: an exception the host raised → the problem the agent answers
/// (<see cref="ToProblem"/>), and that problem → the same exception type on the controller (<see cref="ToException"/>).
/// </summary>
public static class AgentErrors
{
    /// <summary>The request body does not bind (unknown field, wrong type, missing field): <see cref="AgentProblem.Errors"/> names each.</summary>
    public const string InvalidRequest = "invalid-request";

    /// <summary>An argument the host refused (<see cref="ArgumentException"/>): not a lifecycle operation, an empty id.</summary>
    public const string InvalidArgument = "invalid-argument";

    /// <summary>The scenario given to run a sequence does not parse.</summary>
    public const string InvalidScenario = "invalid-scenario";

    /// <summary>No VM of the run has a command in the sequence (<see cref="UnknownSequenceException"/>).</summary>
    public const string UnknownSequence = "unknown-sequence";

    /// <summary>No or a wrong agent secret.</summary>
    public const string Unauthorized = "unauthorized";

    /// <summary>A desired set older than one the host applied (<see cref="StaleDesiredSetException"/>): read the plan again.</summary>
    public const string StaleDesiredSet = "stale-desired-set";

    /// <summary>The agent runs no hooks (<see cref="HostHooksDisabledException"/>).</summary>
    public const string HooksDisabled = "hooks-disabled";

    /// <summary>No hook of the id was started on the host (a missing resource, not a failure).</summary>
    public const string UnknownHook = "unknown-hook";

    /// <summary>Anything else the host failed with: retried by the controller like a network failure.</summary>
    public const string AgentFailure = "agent-failure";

    /// <summary>The problem that stands for <paramref name="error"/>.</summary>
    public static AgentProblem ToProblem(Exception error, string? scenarioName = null)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error switch
        {
            VmNotFoundException e => Driver(404, e),
            InvalidVmStateException e => Driver(409, e) with { Current = e.Current, Operation = e.Operation },
            UnsupportedOperationException e => Driver(501, e) with { Driver = e.DriverName, Capability = e.Capability },
            InvalidDefinitionException e => Driver(422, e) with { Diagnostics = [.. e.Diagnostics] },
            DriverTimeoutException e => Driver(504, e) with { Timeout = e.Timeout },
            GuestAgentUnavailableException e => Driver(503, e),
            VmDriverException e => Driver(502, e),
            UnknownSequenceException e => new AgentProblem(404, "unknown sequence", UnknownSequence, e.Message, Scenario: scenarioName, Sequence: e.Sequence, Defined: e.Defined),
            InvalidDataException e => new AgentProblem(400, "invalid scenario", InvalidScenario, e.Message),
            StaleDesiredSetException e => new AgentProblem(409, "stale desired set", StaleDesiredSet, e.Message),
            HostHooksDisabledException e => new AgentProblem(403, "hooks disabled", HooksDisabled, e.Message),
            ArgumentException e => new AgentProblem(400, "invalid argument", InvalidArgument, e.Message,
                Errors: new Dictionary<string, string[]>(StringComparer.Ordinal) { [e.ParamName ?? "body"] = [e.Message] }),
            _ => new AgentProblem(500, "the agent failed", AgentFailure, $"{error.GetType().Name}: {error.Message}"),
        };
    }

    /// <summary>
    /// The exception <paramref name="problem"/> stands for, of the type the host raised; null for codes that have
    /// no exception of their own (the client answers those as HTTP failures).
    /// </summary>
    public static Exception? ToException(AgentProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var vmId = problem.VmId ?? string.Empty;
        var detail = problem.Detail ?? problem.Title;
        return problem.Code switch
        {
            VmNotFoundException.ErrorCode => new VmNotFoundException(vmId),
            InvalidVmStateException.ErrorCode when problem is { Current: { } current, Operation: { } operation } => new InvalidVmStateException(vmId, current, operation),
            UnsupportedOperationException.ErrorCode when problem is { Driver: { } driver, Capability: { } capability } => new UnsupportedOperationException(driver, capability, problem.VmId),
            InvalidDefinitionException.ErrorCode => new InvalidDefinitionException(vmId, ValueList.From(problem.Diagnostics ?? [])),
            DriverTimeoutException.ErrorCode => new DriverTimeoutException(problem.VmId, OperationOf(detail), problem.Timeout ?? TimeSpan.Zero),
            GuestAgentUnavailableException.ErrorCode => new GuestAgentUnavailableException(vmId, ReasonOf(detail)),
            DriverFailureException.ErrorCode => new DriverFailureException(problem.VmId, detail),
            UnknownSequence => new UnknownSequenceException(problem.Scenario ?? string.Empty, problem.Sequence ?? string.Empty, problem.Defined ?? []),
            InvalidScenario => new InvalidDataException(detail),
            StaleDesiredSet => new StaleDesiredSetException(detail),
            HooksDisabled => new HostHooksDisabledException(detail),
            InvalidArgument => new ArgumentException(detail, problem.Errors?.Keys.FirstOrDefault()),
            _ => null,
        };
    }

    private static AgentProblem Driver(int status, VmDriverException e) => new(status, e.Code, e.Code, e.Message, e.VmId);

    // The driver builds these messages from their parts; the parts are recovered so the rebuilt message is the same.
    private static string OperationOf(string message)
    {
        var end = message.IndexOf(" did not complete within ", StringComparison.Ordinal);
        return end < 0 ? message : message[..end];
    }

    private static string ReasonOf(string message)
    {
        var start = message.IndexOf(" is not available: ", StringComparison.Ordinal);
        return start < 0 ? message : message[(start + " is not available: ".Length)..];
    }
}

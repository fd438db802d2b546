using Nines.Drivers.Sequences;

namespace Nines.Contracts.AgentWire;

/// <summary>
/// One line of a sequence run's answer (<c>application/x-ndjson</c>): progress lines as commands start and finish,
/// then exactly one line with the result or, when the run failed after the answer had begun, the error.
/// </summary>
public sealed record SequenceStreamLine(SequenceProgress? Progress = null, SequenceRunResult? Result = null, AgentProblem? Error = null);

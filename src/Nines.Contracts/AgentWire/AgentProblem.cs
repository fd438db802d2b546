using Nines.Domain.Diagnostics;
using Nines.Drivers;

namespace Nines.Contracts.AgentWire;

/// <summary>
/// An RFC 7807 problem as the agent answers it (<c>application/problem+json</c>), with the stable error
/// <paramref name="Code"/> and the fields of the exception it stands for, so the client can rethrow the same type
/// (<see cref="AgentErrors.ToException"/>) and callers cannot tell a remote agent from an in-process one.
/// </summary>
/// <param name="Code">The driver's error code (<c>invalid-state</c>, <c>vm-not-found</c>…) or an agent code (<see cref="AgentErrors"/>).</param>
/// <param name="Errors">For <c>invalid-request</c>: every problem by field (<c>vms[0].memoryMiB</c>, <c>body</c>).</param>
public sealed record AgentProblem(
    int Status,
    string Title,
    string Code,
    string? Detail = null,
    string? VmId = null,
    VmState? Current = null,
    VmOperation? Operation = null,
    string? Driver = null,
    DriverCapabilities? Capability = null,
    TimeSpan? Timeout = null,
    IReadOnlyList<Diagnostic>? Diagnostics = null,
    string? Scenario = null,
    string? Sequence = null,
    IReadOnlyList<string>? Defined = null,
    IReadOnlyDictionary<string, string[]>? Errors = null);

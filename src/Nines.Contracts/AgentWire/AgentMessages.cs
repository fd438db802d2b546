using Nines.Drivers;
using Nines.Drivers.Sequences;

namespace Nines.Contracts.AgentWire;

/// <summary>The answer of <c>GET /agent/v1/health</c> (anonymous): who this agent is.</summary>
/// <param name="Host">The host name the agent registers as.</param>
/// <param name="Driver">The VM driver it runs (<c>qemu</c>, <c>fake</c>…).</param>
/// <param name="Version">The agent's version (its assembly's informational version).</param>
public sealed record AgentHealth(string Host, string Driver, string Version);

/// <summary>The body of <c>POST /agent/v1/vms/{vmId}/control</c>: one lifecycle operation.</summary>
public sealed record VmControlRequest(VmOperation Operation);

/// <summary>The body of <c>POST /agent/v1/deployments/{id}/sequences</c>.</summary>
/// <param name="ScenarioYaml">The deployment's scenario (native YAML).</param>
/// <param name="Vms">The deployment's VMs on this host the sequence runs on.</param>
/// <param name="Sequence">The VNUML sequence name.</param>
public sealed record SequenceRunRequest(string ScenarioYaml, IReadOnlyList<string> Vms, string Sequence);

/// <summary>
/// One line of a sequence run's answer (<c>application/x-ndjson</c>): progress lines as commands start and finish,
/// then exactly one line with the result or, when the run failed after the answer had begun, the error.
/// </summary>
public sealed record SequenceStreamLine(SequenceProgress? Progress = null, SequenceRunResult? Result = null, AgentProblem? Error = null);

/// <summary>The body of <c>POST /agent/v1/vms/{vmId}/migration</c>: send the VM to <paramref name="Destination"/>.</summary>
public sealed record OutgoingMigrationRequest(Nines.Drivers.Migration.MigrationEndpoint Destination, Nines.Drivers.Migration.MigrationPolicy Policy);

/// <summary>The body of <c>POST /agent/v1/vms/{vmId}/incoming/complete</c>.</summary>
/// <param name="GuestCheckTimeout">How long the guest agent has to answer here before the migration fails back.</param>
public sealed record IncomingCompleteRequest(TimeSpan GuestCheckTimeout);

namespace Nines.Contracts.AgentWire;

/// <summary>The body of <c>POST /agent/v1/deployments/{id}/sequences</c>.</summary>
/// <param name="ScenarioYaml">The deployment's scenario (native YAML).</param>
/// <param name="Vms">The deployment's VMs on this host the sequence runs on.</param>
/// <param name="Sequence">The VNUML sequence name.</param>
public sealed record SequenceRunRequest(string ScenarioYaml, IReadOnlyList<string> Vms, string Sequence);

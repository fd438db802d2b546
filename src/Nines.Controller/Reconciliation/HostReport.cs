using Nines.Contracts.Agents;

namespace Nines.Controller.Reconciliation;

/// <summary>One host's answer to a converge call.</summary>
internal sealed record HostReport(string Host, HostDeploymentObservation Observation);

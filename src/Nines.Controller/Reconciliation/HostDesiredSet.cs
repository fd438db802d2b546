using Nines.Contracts.Agents;

namespace Nines.Controller.Reconciliation;

/// <summary>What one host must run of a deployment (the set carries the plan revision it was built from).</summary>
internal sealed record HostDesiredSet(string Host, HostDeploymentDesired Desired);

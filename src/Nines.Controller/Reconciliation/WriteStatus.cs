using Nines.Contracts.Model;

namespace Nines.Controller.Reconciliation;

/// <summary>Write the deployment's status.</summary>
internal sealed record WriteStatus(DeploymentStatus Status) : DeployAction;

using Nines.Contracts.Model;

namespace Nines.Embedded;

/// <summary>How a deploy ended: the deployment, its finished operation and its status then.</summary>
public sealed record DeploymentOutcome(DeploymentRef Deployment, Operation Operation, DeploymentStatus? Status)
{
    /// <summary>The operation completed: every VM runs, configured.</summary>
    public bool Succeeded => Operation.State == OperationState.COMPLETED;
}

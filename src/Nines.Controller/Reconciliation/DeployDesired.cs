using Nines.Contracts.Model;
using Nines.Controller.Repositories;

namespace Nines.Controller.Reconciliation;

/// <summary>What a deploy pass is asked to converge to (<see cref="DeployPass.Compute"/>).</summary>
/// <param name="Deployment">The deployment the pass is for.</param>
/// <param name="Stored">The spec as stored (with its committed plan and revision), or null when it is gone.</param>
/// <param name="Operation">The operation of the spec's generation; null only when the spec is gone or failed at this generation.</param>
internal sealed record DeployDesired(DeploymentRef Deployment, StoredDeployment? Stored, Operation? Operation);

namespace Nines.Contracts.Agents;

/// <summary>
/// How the controller talks to one host's agent: it pushes the desired set of a deployment for that host and gets
/// back what the host observes. Level-based and idempotent: pushing the same desired set again changes nothing on a
/// converged host. Implemented in process by <c>Nines.Agent.Convergence.LocalHostAgent</c> (on the host, in the agent process or the embedded host) and reached over HTTPS by the controller's <c>Nines.Controller.RemoteAgents.HttpHostAgent</c>.
/// </summary>
public interface IHostAgent
{
    /// <summary>The host this agent runs.</summary>
    string HostName { get; }

    /// <summary>
    /// Makes the host run exactly <paramref name="desired"/> for its deployment (VMs defined and started, networks
    /// applied, guests configured once ready; VMs of the deployment not in the set destroyed and removed) and
    /// reports what it observes after this pass.
    /// </summary>
    Task<HostDeploymentObservation> ConvergeAsync(HostDeploymentDesired desired, CancellationToken cancellationToken);

    /// <summary>
    /// Empties the deployment's desired set on this host: every VM destroyed and removed, every network object
    /// removed. Idempotent; returns what is left (nothing once done).
    /// </summary>
    Task<HostDeploymentObservation> RemoveAsync(string deploymentId, CancellationToken cancellationToken);

    /// <summary>The deployment ids this host has anything of (VMs or network objects): for finding orphans.</summary>
    Task<IReadOnlyList<string>> ListDeploymentsAsync(CancellationToken cancellationToken);
}

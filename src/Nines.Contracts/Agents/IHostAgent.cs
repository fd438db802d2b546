using Nines.Contracts.Model;
using Nines.Drivers;

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

/// <summary>Finds the agent of a registered host.</summary>
public interface IHostAgentDirectory
{
    /// <summary>The client for <paramref name="host"/>'s agent.</summary>
    IHostAgent Get(HostRecord host);
}

/// <summary>
/// The desired state of one deployment on one host.
/// </summary>
/// <param name="DeploymentId">The deployment's host-side id (<see cref="DeploymentRef.Id"/>): VM id prefix and network label.</param>
/// <param name="ScenarioYaml">The whole scenario (native YAML): networks, addresses and routes the host and guests need.</param>
/// <param name="Vms">The VMs placed on this host, fully resolved (ids are <c>DeploymentId.vm</c>); NIC attachments are the agent's.</param>
/// <param name="IncludeHostSection">This host realises the scenario's <c>&lt;host&gt;</c> part.</param>
/// <param name="CrossHostVlans">Network → VLAN for networks spanning hosts.</param>
/// <param name="Incoming">
/// VM ids of <paramref name="Vms"/> live-migrating to this host: defined and networked but never started, restarted or
/// removed by convergence (the migration launches them); null or empty for none.
/// </param>
/// <param name="PlanRevision">
/// The store revision of the deployment spec this set was built from. A host refuses a set older than one it has
/// applied (a pass that read the plan before a migration or another plan change committed, and would undo it);
/// 0 for none (not fenced).
/// </param>
public sealed record HostDeploymentDesired(
    string DeploymentId,
    string ScenarioYaml,
    IReadOnlyList<VmDefinition> Vms,
    bool IncludeHostSection,
    IReadOnlyDictionary<string, int> CrossHostVlans,
    IReadOnlyList<string>? Incoming = null,
    long PlanRevision = 0)
{
    /// <summary>True when <paramref name="vmId"/> is migrating to this host.</summary>
    public bool IsIncoming(string vmId) => Incoming?.Contains(vmId, StringComparer.Ordinal) == true;
}

/// <summary>What a host observes of one deployment after a convergence pass.</summary>
/// <param name="Error">A deployment-level error (the scenario or the network plan), or null.</param>
/// <param name="Terminal">True when <paramref name="Error"/> (or a VM's) cannot go away by retrying.</param>
public sealed record HostDeploymentObservation(
    string DeploymentId,
    string Host,
    IReadOnlyList<VmObservation> Vms,
    string? Error = null,
    bool Terminal = false)
{
    /// <summary>Every VM runs, its guest is ready and configured, and nothing failed.</summary>
    public bool Converged => Error is null && Vms.All(v => v.Ready);
}

/// <summary>One VM as the host sees it.</summary>
/// <param name="Vm">The VM's name in the scenario.</param>
/// <param name="State">The driver's state, or null when the VM does not exist on the host.</param>
/// <param name="Configured">The scenario's addresses, routes and forwarding are applied in the guest since its last boot.</param>
/// <param name="Terminal">True when <paramref name="Error"/> cannot go away by retrying (the host refuses the definition).</param>
public sealed record VmObservation(
    string Vm,
    string VmId,
    VmState? State,
    bool GuestReady,
    bool Configured,
    string? Error = null,
    bool Terminal = false)
{
    /// <summary>Running, guest ready and configured.</summary>
    public bool Ready => State == VmState.Running && GuestReady && Configured && Error is null;
}

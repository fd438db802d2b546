using Nines.Contracts.Model;
using Nines.Drivers;

namespace Nines.Contracts.Agents;

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

using Nines.Contracts.Agents;

namespace Nines.Agent.Convergence;

/// <summary>
/// Fencing of stale desired sets: the host remembers, per deployment, the newest plan revision it has applied and
/// refuses an older one. A controller's pass that read the plan before a live migration began (or any other plan
/// change committed) would otherwise put a VM back on the host it is leaving, or wipe the one arriving.
/// </summary>
public sealed partial class LocalHostAgent
{
    private readonly Dictionary<string, long> _planRevisions = new(StringComparer.Ordinal);

    /// <summary>The newest plan revision applied for <paramref name="deploymentId"/>, or 0.</summary>
    public long PlanRevisionOf(string deploymentId)
    {
        lock (_planRevisions)
        {
            return _planRevisions.GetValueOrDefault(deploymentId);
        }
    }

    /// <summary>Records <paramref name="desired"/>'s revision, or refuses it when the host applied a newer one.</summary>
    /// <exception cref="StaleDesiredSetException">The set is older than one applied: the caller must read the plan again.</exception>
    private void AcceptPlanRevision_NeedsLock(HostDeploymentDesired desired)
    {
        if (desired.PlanRevision <= 0)
        {
            return;
        }

        lock (_planRevisions)
        {
            var applied = _planRevisions.GetValueOrDefault(desired.DeploymentId);
            if (desired.PlanRevision < applied)
            {
                LogStalePlanRefused(HostName, desired.DeploymentId, desired.PlanRevision, applied);
                throw new StaleDesiredSetException(
                    $"host {HostName} refused the desired set of {desired.DeploymentId} at plan revision {desired.PlanRevision}: it applied revision {applied} already (the plan changed; read it again)");
            }

            _planRevisions[desired.DeploymentId] = desired.PlanRevision;
        }
    }
}

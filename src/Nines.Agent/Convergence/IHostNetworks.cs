using Nines.Networking.Planning;

namespace Nines.Agent.Convergence;

/// <summary>
/// A host's networks as the agent converges them: plan a deployment against the host's current state and apply
/// it, remove a deployment's objects, list whose objects are there. <see cref="OvsHostNetworks"/> is the Open
/// vSwitch implementation.
/// </summary>
public interface IHostNetworks
{
    /// <summary>
    /// Plans <paramref name="deployment"/> on this host and applies the plan; returns it (tap names for the NICs).
    /// Throws <see cref="HostNetworkPlanException"/> when the plan has errors.
    /// </summary>
    Task<NetworkPlan> ApplyAsync(NetworkDeployment deployment, CancellationToken cancellationToken);

    /// <summary>Removes every object labelled with <paramref name="scenarioId"/>; idempotent.</summary>
    Task RemoveAsync(string scenarioId, CancellationToken cancellationToken);

    /// <summary>The scenario ids with objects on this host.</summary>
    Task<IReadOnlyCollection<string>> ListScenarioIdsAsync(CancellationToken cancellationToken);
}

using Nines.ControlPlane.Agents;
using Nines.Networking.Planning;

namespace Nines.ControlPlane.Embedded;

/// <summary>
/// A host's networks planned for real but kept in memory (no bridge, no taps): what the fake driver's VMs attach
/// to in demos and tests. The planner sees the ports earlier plans made, so names and tags behave as on a bridge.
/// </summary>
internal sealed class InMemoryHostNetworks(NetworkPlannerOptions options) : IHostNetworks
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, NetworkPlan> _applied = new(StringComparer.Ordinal);

    public Task<NetworkPlan> ApplyAsync(NetworkDeployment deployment, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var state = new HostNetworkState([.. _applied.Values.SelectMany(p => p.Ports.Select(port =>
                new ObservedPort(port.Name, port.Tag, p.ScenarioId, port.Kind, port.Network, port.Vm, port.InterfaceId, default)))]);
            var planned = NetworkPlanner.Plan(deployment, state, options);
            if (!planned.Succeeded)
            {
                throw new HostNetworkPlanException(string.Join("; ", planned.Errors));
            }

            _applied[deployment.ScenarioId] = planned.Value!;
            return Task.FromResult(planned.Value!);
        }
    }

    public Task RemoveAsync(string scenarioId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _applied.Remove(scenarioId);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyCollection<string>> ListScenarioIdsAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyCollection<string>>([.. _applied.Keys]);
        }
    }
}

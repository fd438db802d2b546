using Nines.ControlPlane.Agents;
using Nines.Networking.Planning;

namespace Nines.ControlPlane.Tests.Support;

/// <summary>
/// A host's networks kept in memory for fast reconciler tests: the real <see cref="NetworkPlanner"/> runs against
/// the ports earlier plans created, so names and tags behave as on a bridge. Real OVS is covered by Nines.Networking.Tests.
/// </summary>
internal sealed class MemoryHostNetworks : IHostNetworks
{
    private readonly Lock _gate = new();

    public Dictionary<string, NetworkPlan> Applied { get; } = new(StringComparer.Ordinal);

    public Task<NetworkPlan> ApplyAsync(NetworkDeployment deployment, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var state = new HostNetworkState([.. Applied.Values.SelectMany(p => p.Ports.Select(port =>
                new ObservedPort(port.Name, port.Tag, p.ScenarioId, port.Kind, port.Network, port.Vm, port.InterfaceId, default)))]);
            var planned = NetworkPlanner.Plan(deployment, state);
            if (!planned.Succeeded)
            {
                throw new HostNetworkPlanException(string.Join("; ", planned.Errors));
            }

            Applied[deployment.ScenarioId] = planned.Value!;
            return Task.FromResult(planned.Value!);
        }
    }

    public Task RemoveAsync(string scenarioId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Applied.Remove(scenarioId);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyCollection<string>> ListScenarioIdsAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyCollection<string>>([.. Applied.Keys]);
        }
    }
}

using Nines.Networking.Planning;

namespace Nines.Agent.Convergence;

/// <summary>
/// A host's networks kept in memory, for the fake driver (tests, demos without Open vSwitch): the real <see cref="NetworkPlanner"/> runs against
/// the ports earlier plans created, so names and tags behave as on a bridge; nothing is created on the machine.
/// </summary>
public sealed class InMemoryHostNetworks(NetworkPlannerOptions? options = null) : IHostNetworks
{
    private readonly Lock _gate = new();

    private readonly Dictionary<string, NetworkPlan> _applied = new(StringComparer.Ordinal);

    /// <summary>The plan applied for each scenario id, as of now (a copy).</summary>
    public IReadOnlyDictionary<string, NetworkPlan> Applied
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, NetworkPlan>(_applied, StringComparer.Ordinal);
            }
        }
    }

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

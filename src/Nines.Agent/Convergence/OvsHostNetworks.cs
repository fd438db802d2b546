using Nines.Networking.Applying;
using Nines.Networking.Planning;

namespace Nines.Agent.Convergence;

/// <summary>The host's networks on its Open vSwitch bridge: <see cref="NetworkPlanner"/> over the bridge's labelled ports, then <see cref="OvsNetworkApplier"/>.</summary>
public sealed class OvsHostNetworks : IHostNetworks
{
    private readonly OvsNetworkApplier _applier;
    private readonly NetworkPlannerOptions _options;

    public OvsHostNetworks(OvsNetworkApplier applier, NetworkPlannerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(applier);
        _applier = applier;
        _options = options ?? NetworkPlannerOptions.Default;
    }

    public async Task<NetworkPlan> ApplyAsync(NetworkDeployment deployment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        var state = await _applier.ReadStateAsync(_options.Bridge, cancellationToken).ConfigureAwait(false);
        var planned = NetworkPlanner.Plan(deployment, state, _options);
        if (!planned.Succeeded)
        {
            throw new HostNetworkPlanException(string.Join("; ", planned.Errors));
        }

        try
        {
            await _applier.ApplyAsync(planned.Value!, cancellationToken).ConfigureAwait(false);
        }
        catch (HostRouteConflictException e)
        {
            // A route that is not ours stays; the plan cannot be applied as it stands (the message names the route and the rule).
            throw new HostNetworkPlanException(e.Message, e);
        }

        return planned.Value!;
    }

    public Task RemoveAsync(string scenarioId, CancellationToken cancellationToken) =>
        _applier.RemoveAsync(_options.Bridge, scenarioId, cancellationToken);

    public async Task<IReadOnlyCollection<string>> ListScenarioIdsAsync(CancellationToken cancellationToken)
    {
        var state = await _applier.ReadStateAsync(_options.Bridge, cancellationToken).ConfigureAwait(false);
        return [.. state.Ports.Where(p => p.IsOurs).Select(p => p.ScenarioId!).Distinct(StringComparer.Ordinal)];
    }
}

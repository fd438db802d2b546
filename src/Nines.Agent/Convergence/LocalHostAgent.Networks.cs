using System.Globalization;
using Nines.Contracts.Agents;
using Nines.Networking.Planning;

namespace Nines.Agent.Convergence;

/// <summary>
/// Applying a deployment's network plan, paced: while guests boot the controller passes every second, and each
/// application reads the whole bridge and checks every tap (a process per port: dozens for a large scenario) though
/// nothing changed. The plan is applied again when the deployment's desired set changes, and otherwise at most every
/// <see cref="NetworkResyncInterval"/>, which still repairs drift (a tap deleted behind the agent's back).
/// </summary>
public sealed partial class LocalHostAgent
{
    private readonly Dictionary<string, AppliedNetworks> _networkPlans = new(StringComparer.Ordinal);

    /// <summary>How long an applied network plan is trusted before a pass with the same desired set applies it again.</summary>
    public TimeSpan NetworkResyncInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Trusts no applied network plan any more: the next pass of each deployment applies its plan again (after the host's
    /// switch was restarted, for instance).
    /// </summary>
    public async Task ForgetAppliedNetworksAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _networkPlans.Clear();
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<NetworkPlan> ApplyNetworksAsync(HostDeploymentDesired desired, NetworkDeployment deployment, CancellationToken cancellationToken)
    {
        var key = NetworkKey(desired);
        var now = Time.GetUtcNow();
        if (_networkPlans.TryGetValue(desired.DeploymentId, out var applied) && applied.Key == key && now - applied.At < NetworkResyncInterval)
        {
            return applied.Plan;
        }

        // Forgotten first: a failed application is retried by the next pass, not trusted.
        _networkPlans.Remove(desired.DeploymentId);
        var plan = await _networks.ApplyAsync(deployment, cancellationToken).ConfigureAwait(false);
        _networkPlans[desired.DeploymentId] = new AppliedNetworks(key, plan, now);
        return plan;
    }

    /// <summary>Everything of the desired set the network plan depends on.</summary>
    private static string NetworkKey(HostDeploymentDesired desired) => string.Join(
        '\n',
        desired.ScenarioYaml,
        string.Join(',', desired.Vms.Select(v => v.Container is null ? v.Name : v.Name + "/os")),
        desired.IncludeHostSection.ToString(CultureInfo.InvariantCulture),
        string.Join(',', desired.CrossHostVlans.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key}={p.Value}"))));

    private sealed record AppliedNetworks(string Key, NetworkPlan Plan, DateTimeOffset At);
}

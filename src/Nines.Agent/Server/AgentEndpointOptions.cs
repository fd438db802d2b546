using Nines.Agent.Convergence;
using Nines.Contracts.Agents;

namespace Nines.Agent.Server;

/// <summary>What <see cref="AgentEndpoints.MapNinesAgent"/> serves: one host's agent (callers must present the controller's certificate).</summary>
/// <param name="Agent">The host's convergence (in practice a <see cref="LocalHostAgent"/>).</param>
/// <param name="Vms">The host's single-VM operations (the same <see cref="LocalHostAgent"/>).</param>
/// <param name="DriverName">The VM driver's name, for <c>/agent/v1/health</c>.</param>
/// <param name="Migrations">The host's live migrations (the same <see cref="LocalHostAgent"/>), or null when it takes none.</param>
/// <param name="Events">The host's VM event stream (the same <see cref="LocalHostAgent"/>), or null when it serves none.</param>
/// <param name="Hooks">The host's administrator hooks (<see cref="Hooks.HostHookRunner"/>), or null when it serves none.</param>
public sealed record AgentEndpointOptions(
    IHostAgent Agent,
    IHostVmOperations Vms,
    string DriverName,
    IHostMigrations? Migrations = null,
    IHostVmEvents? Events = null,
    IHostHooks? Hooks = null)
{
    /// <summary>The agent serving every interface (a <see cref="LocalHostAgent"/>), with its driver's name.</summary>
    public static AgentEndpointOptions For(LocalHostAgent agent, string driverName) => new(agent, agent, driverName, agent, agent);

    /// <summary>How often the event stream sends an empty line when nothing happens, so a listener can tell a quiet host from a broken link.</summary>
    public TimeSpan EventKeepAlive { get; init; } = TimeSpan.FromSeconds(2);
}

using Nines.Processes;

namespace Nines.Agent.Hooks;

/// <summary>How a host runs hooks.</summary>
/// <param name="Directory">Where each hook's directory is made (the agent's <c>DATA/hooks</c>).</param>
/// <param name="Enabled">False (the default of <c>nines agent</c>): every hook is refused with <see cref="Contracts.Agents.HostHooksDisabledException"/>.</param>
/// <param name="HostName">The host's name, passed to hooks as <c>NINES_HOST</c>.</param>
/// <param name="Versions">Probed again once a hook has ended.</param>
public sealed record HostHookRunnerOptions(string Directory, bool Enabled, string HostName, IProcessRunner Processes, HostVersionProbe Versions, TimeProvider Time);

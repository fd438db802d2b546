using Nines.Contracts.Model;

namespace Nines.Contracts.Agents;

/// <summary>Agents running in this process, by host name (embedded mode: one <c>Nines.Agent.Convergence.LocalHostAgent</c>).</summary>
public sealed class LocalHostAgentDirectory : IHostAgentDirectory
{
    private readonly Dictionary<string, IHostAgent> _agents;

    public LocalHostAgentDirectory(params IHostAgent[] agents)
    {
        ArgumentNullException.ThrowIfNull(agents);
        _agents = agents.ToDictionary(a => a.HostName, StringComparer.Ordinal);
    }

    public IHostAgent Get(HostRecord host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return _agents.TryGetValue(host.Name, out var agent)
            ? agent
            : throw new InvalidOperationException($"host \"{host.Name}\" is registered but no agent for it runs in this process");
    }
}

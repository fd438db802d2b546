using Nines.ControlPlane.Model;

namespace Nines.ControlPlane.Agents;

/// <summary>Agents running in this process, by host name (embedded mode: one <see cref="LocalHostAgent"/>).</summary>
public sealed class LocalHostAgentDirectory : IHostAgentDirectory
{
    private readonly Dictionary<string, IHostAgentClient> _agents;

    public LocalHostAgentDirectory(params IHostAgentClient[] agents)
    {
        ArgumentNullException.ThrowIfNull(agents);
        _agents = agents.ToDictionary(a => a.HostName, StringComparer.Ordinal);
    }

    public IHostAgentClient Get(HostRecord host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return _agents.TryGetValue(host.Name, out var agent)
            ? agent
            : throw new InvalidOperationException($"host \"{host.Name}\" is registered but no agent for it runs in this process");
    }
}

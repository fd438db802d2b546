using Nines.Contracts.Model;

namespace Nines.Contracts.Agents;

/// <summary>Finds the agent of a registered host.</summary>
public interface IHostAgentDirectory
{
    /// <summary>The client for <paramref name="host"/>'s agent.</summary>
    IHostAgent Get(HostRecord host);
}

namespace Nines.Agent.Hosting;

/// <summary>What an agent tells its fence guard beyond the lease.</summary>
/// <param name="AgentCommand">The command line that starts this agent again (executable first).</param>
public sealed record AgentFenceGuardOptions(IReadOnlyList<string> AgentCommand);

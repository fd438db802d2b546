namespace Nines.Contracts.Model;

/// <summary>
/// A host's registration at <c>/nines/hosts/&lt;host&gt;/info</c>, written by its agent with a lease: the heartbeat
/// is the lease keep-alive, so a dead host's record disappears.
/// </summary>
/// <param name="AgentUrl">Where the controller reaches the agent (<c>local:</c> for the in-process agent).</param>
/// <param name="MemoryMiB">Memory available to VMs (0 = unlimited for the planner).</param>
/// <param name="Vcpus">vCPUs the host can run; null = unlimited.</param>
/// <param name="Load">0 (idle) to 1 (fully loaded).</param>
/// <param name="Versions">What the host runs (agent, QEMU, kernel); null from an agent that does not report them.</param>
public sealed record HostRecord(
    string Name,
    string AgentUrl,
    long MemoryMiB,
    int? Vcpus,
    int MaxVms,
    double Load,
    DateTimeOffset LastHeartbeat,
    HostVersions? Versions = null);

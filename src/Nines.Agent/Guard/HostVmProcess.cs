namespace Nines.Agent.Guard;

/// <summary>One process of a VM of this host, found without the agent.</summary>
/// <param name="VmId">The driver's VM id (its run directory's name).</param>
/// <param name="Pid">The process.</param>
public sealed record HostVmProcess(string VmId, int Pid);

namespace Nines.Contracts.Agents;

/// <summary>
/// An administrator's command run on one host by its agent (a hypervisor upgrade's hook: upgrade QEMU with apt,
/// replace the agent itself). A hook runs detached from the agent, in a session of its own, so it outlives an agent
/// that it restarts; its exit status and output are files in the agent's data directory, which the next agent process
/// reads. An agent runs hooks only when its operator allowed it (<c>nines agent --allow-hooks</c>).
/// </summary>
public interface IHostHooks
{
    /// <summary>
    /// Starts the hook, or returns the status of the hook of the same id already started here (a repeated request
    /// never runs it twice).
    /// </summary>
    /// <exception cref="HostHooksDisabledException">This agent does not run hooks.</exception>
    /// <exception cref="ArgumentException">An id or command that cannot be run (named in the message).</exception>
    Task<HostHookStatus> StartHookAsync(HostHookRequest request, CancellationToken cancellationToken);

    /// <summary>The hook's status, with the versions the host reports once it has ended; null when no hook of that id was started here.</summary>
    Task<HostHookStatus?> GetHookAsync(string id, CancellationToken cancellationToken);
}

namespace Nines.Contracts.Agents;

/// <summary>Where a hook is.</summary>
public enum HostHookState
{
    /// <summary>Its process runs.</summary>
    Running,

    /// <summary>It ended; <see cref="HostHookStatus.ExitCode"/> says how (124: killed at its timeout).</summary>
    Exited,

    /// <summary>Its process is gone without an exit status (the host restarted, or it was killed with its session).</summary>
    Lost,
}

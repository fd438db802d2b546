namespace Nines.Controller.HostUpgrades;

/// <summary>How long a hypervisor upgrade waits for each step of a host and how often it looks.</summary>
public sealed record HostUpgraderOptions
{
    /// <summary>How long the host's VMs may take to move away.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// How long after the hook's own limit the agent may stay unreachable (it restarts when the hook replaced it) and
    /// take to register again with the versions it probed after the hook.
    /// </summary>
    public TimeSpan RejoinTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How often a step's progress is read.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(500);
}

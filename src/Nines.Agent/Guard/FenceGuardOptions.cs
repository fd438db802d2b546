namespace Nines.Agent.Guard;

/// <summary>How a <see cref="FenceGuard"/> watches its host's agent and lease.</summary>
public sealed record FenceGuardOptions
{
    /// <summary>How often it looks at the agent and the deadline (default 100 ms).</summary>
    public TimeSpan TickInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How often it renews the registration lease (default 1 s; the agent renews it too).</summary>
    public TimeSpan RenewInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long before the guard reads a new registration's link the lease may have been granted (default 500 ms): its
    /// fencing deadline counts from then until its own renewal of the new lease is confirmed.
    /// </summary>
    public TimeSpan LinkLag { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How often it asks the agent's health endpoint (default 500 ms), each answer due within this too.</summary>
    public TimeSpan HealthInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>An agent that answered before and has not for this long is hung: it is killed and restarted (default 3 s).</summary>
    public TimeSpan HungAfter { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How long a new agent may take to answer the first time (default 120 s: it may adopt Open vSwitch, re-attach VMs).</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>The first restart's delay; doubled for each failed one up to <see cref="MaxRestartBackoff"/>.</summary>
    public TimeSpan RestartBackoff { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest delay between two restarts (default 10 s).</summary>
    public TimeSpan MaxRestartBackoff { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// With no working agent for this long the guard kills the host's VMs and lets the lease go, so the controller
    /// restarts them elsewhere (default 180 s).
    /// </summary>
    public TimeSpan GiveUpAfter { get; init; } = TimeSpan.FromSeconds(180);
}

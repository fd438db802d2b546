namespace Nines.Agent.Guard;

/// <summary>What the guard does after one tick. Fencing always comes before the lease is let go.</summary>
/// <param name="FenceVms">Kill every VM process of the host (and keep killing any that appears while fenced).</param>
/// <param name="KillAgent">Kill the agent process (it is hung).</param>
/// <param name="RestartAgent">Start a new agent process.</param>
/// <param name="RenewLease">Keep renewing the registration lease (false once the guard gave up on the agent).</param>
/// <param name="Reason">Why, for the log (null when nothing changed).</param>
internal sealed record GuardDecision(bool FenceVms, bool KillAgent, bool RestartAgent, bool RenewLease, string? Reason)
{
    public static readonly GuardDecision Nothing = new(false, false, false, true, null);
}

namespace Nines.Agent.Guard;

/// <summary>
/// What the fence guard knows at one tick, gathered by <see cref="FenceGuard"/>: the agent's registration (from its
/// link file) and the agent process as <c>/proc</c> and its health socket show it. Times are on the guard's monotonic
/// clock (elapsed since the guard started).
/// </summary>
/// <param name="Now">The tick's time.</param>
/// <param name="Lease">The registration lease the agent last published, or null before any.</param>
/// <param name="LeaseTtl">That lease's TTL.</param>
/// <param name="FenceMargin">How long before the lease could expire the VMs must be gone.</param>
/// <param name="AgentPid">The agent process the guard follows (the one it started last, or the one the link names), or null.</param>
/// <param name="AgentAlive">That process exists and is not a zombie.</param>
/// <param name="AgentHealthy">Its health endpoint answered on this tick (a stopped or hung agent does not).</param>
internal sealed record GuardObservation(
    TimeSpan Now, long? Lease, TimeSpan LeaseTtl, TimeSpan FenceMargin, int? AgentPid, bool AgentAlive, bool AgentHealthy);

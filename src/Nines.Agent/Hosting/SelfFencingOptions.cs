using Nines.Contracts.Model;

namespace Nines.Agent.Hosting;

/// <summary>
/// How an agent fences itself: when no renewal of its registration lease has been confirmed for the lease TTL minus
/// <see cref="FenceMargin"/>, it destroys every VM it runs (the store may expire the lease at the TTL, and the
/// controller then restarts those VMs elsewhere). Published at <c>/nines/hosts/&lt;host&gt;/fencing</c>
/// (<see cref="HostFencingContract"/>) so the controller knows the deadline it must wait for.
/// </summary>
public sealed record SelfFencingOptions
{
    /// <summary>How long before the lease could expire the agent fences (default 0.5 s; its destroy calls must fit in twice this).</summary>
    public TimeSpan FenceMargin { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How often an agent that lost its registration tries to register again.</summary>
    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromMilliseconds(250);
}

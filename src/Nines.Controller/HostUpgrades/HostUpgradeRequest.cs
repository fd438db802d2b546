namespace Nines.Controller.HostUpgrades;

/// <summary>A hypervisor upgrade to run: the hosts in order, the hook each runs, how many may be out at once.</summary>
/// <param name="Hosts">Registered hosts, each once, upgraded in this order.</param>
/// <param name="Hook">The shell command each host's agent runs (upgrade QEMU, replace the agent…).</param>
/// <param name="MaxUnavailable">Hosts drained at once (at least 1, fewer than the schedulable hosts: the rest take their VMs).</param>
/// <param name="HookTimeout">How long the hook may run on one host (default 30 min).</param>
/// <param name="MaxConcurrentMoves">VMs moving at once off each drained host (1-16, default 2).</param>
public sealed record HostUpgradeRequest(IReadOnlyList<string> Hosts, string Hook, int MaxUnavailable = 1, TimeSpan? HookTimeout = null, int MaxConcurrentMoves = 2)
{
    /// <summary>The hook's limit when the request names none.</summary>
    public static readonly TimeSpan DefaultHookTimeout = TimeSpan.FromMinutes(30);
}

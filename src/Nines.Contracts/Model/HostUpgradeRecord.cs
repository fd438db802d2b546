namespace Nines.Contracts.Model;

/// <summary>A hypervisor upgrade on its operation: the hook, how many hosts may be out at once, and each host's progress in order.</summary>
/// <param name="Hook">The shell command run on each host by its agent.</param>
/// <param name="MaxUnavailable">Hosts drained at once.</param>
/// <param name="HookTimeoutSeconds">How long the hook may run on one host.</param>
public sealed record HostUpgradeRecord(string Hook, int MaxUnavailable, double HookTimeoutSeconds, IReadOnlyList<HostUpgradeStep> Hosts);

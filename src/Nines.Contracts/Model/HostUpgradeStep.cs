namespace Nines.Contracts.Model;

/// <summary>One host of a hypervisor upgrade.</summary>
/// <param name="Step">pending, draining, hook, rejoining, undraining, done or failed.</param>
/// <param name="Before">What the host ran when its upgrade began.</param>
/// <param name="After">What it reported once its hook had ended (and the agent was back).</param>
/// <param name="HookExitCode">The hook's exit status (124: killed at its timeout).</param>
/// <param name="HookOutput">The end of what the hook printed.</param>
public sealed record HostUpgradeStep(
    string Host,
    string Step,
    int Percent,
    HostVersions? Before = null,
    HostVersions? After = null,
    int? HookExitCode = null,
    string? HookOutput = null,
    string? Error = null,
    DateTimeOffset? StartedAt = null,
    DateTimeOffset? FinishedAt = null);

namespace Nines.Api.Contracts;

/// <summary>
/// The body of <c>POST /v1/hosts/upgrades</c>: upgrade the hypervisor layer of <paramref name="Hosts"/> in order, each
/// drained, running <paramref name="Hook"/> through its agent, waited for and undrained.
/// </summary>
/// <param name="Hosts">Registered hosts, each once.</param>
/// <param name="Hook">A shell command each host's agent runs (it must have been started with <c>--allow-hooks</c>), at most 4,096 characters.</param>
/// <param name="MaxUnavailable">Hosts drained at once (default 1; fewer than the schedulable hosts).</param>
/// <param name="HookTimeoutSeconds">How long the hook may run on one host (1 s to 24 h, default 1,800).</param>
/// <param name="MaxConcurrentMoves">VMs moving at once off each drained host (1–16, default 2).</param>
public sealed record HostUpgradeStartRequest(
    IReadOnlyList<string>? Hosts,
    string? Hook,
    int? MaxUnavailable = null,
    double? HookTimeoutSeconds = null,
    int? MaxConcurrentMoves = null);

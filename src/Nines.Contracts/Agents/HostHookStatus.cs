using Nines.Contracts.Model;

namespace Nines.Contracts.Agents;

/// <summary>A hook as its host sees it.</summary>
/// <param name="Output">The last 4 KiB of what it printed (standard output and error together).</param>
/// <param name="Versions">What the host runs, probed after the hook ended; null while it runs.</param>
public sealed record HostHookStatus(
    string Id,
    HostHookState State,
    int? ExitCode,
    string Output,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    HostVersions? Versions = null);

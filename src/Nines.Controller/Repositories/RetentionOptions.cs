using Nines.Contracts.Repositories;

namespace Nines.Controller.Repositories;

/// <summary>How long the control plane keeps its records, per tenant.</summary>
public sealed record RetentionOptions
{
    /// <summary>Events older than this go from every log (default 30 days). Each log's count cap is <see cref="EventLog.Capacity"/>.</summary>
    public TimeSpan EventMaxAge { get; init; } = TimeSpan.FromDays(30);

    /// <summary>Finished operations that ended longer ago than this go (default 30 days).</summary>
    public TimeSpan OperationMaxAge { get; init; } = TimeSpan.FromDays(30);

    /// <summary>Each tenant keeps at most this many finished operations, the newest (default 1,000). Unfinished ones always stay.</summary>
    public int FinishedOperationsPerTenant { get; init; } = 1_000;

    /// <summary>
    /// The store keeps at least this many revisions of change history for watches; older history is compacted (default
    /// 10,000, as the SQLite store does by itself; an etcd store is compacted only by this).
    /// </summary>
    public long HistoryKeepRevisions { get; init; } = 10_000;

    /// <summary>Time between passes (default 10 minutes).</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMinutes(10);
}

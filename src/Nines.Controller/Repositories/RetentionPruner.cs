using Nines.Contracts.Repositories;
using Nines.Store;

namespace Nines.Controller.Repositories;

/// <summary>
/// Applies <see cref="RetentionOptions"/>: prunes events and finished operations by age and count per tenant, and
/// compacts the store's history, every <see cref="RetentionOptions.Interval"/>. A failed pass (a full disk, a busy
/// store) is kept in <see cref="LastError"/> and the next pass tries again.
/// </summary>
public sealed class RetentionPruner
{
    private readonly IStateStore _store;
    private readonly EventLog _events;
    private readonly OperationRepository _operations;
    private readonly TimeProvider _time;

    public RetentionPruner(IStateStore store, EventLog events, OperationRepository operations, RetentionOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(operations);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _store = store;
        _events = events;
        _operations = operations;
        Options = options;
        _time = time;
    }

    public RetentionOptions Options { get; }

    /// <summary>The error of the last pass, or null when it succeeded.</summary>
    public Exception? LastError { get; private set; }

    /// <summary>One pass.</summary>
    public async Task<RetentionPass> PruneOnceAsync(CancellationToken cancellationToken)
    {
        var operations = await _operations.PruneAsync(Options.OperationMaxAge, Options.FinishedOperationsPerTenant, cancellationToken).ConfigureAwait(false);
        var events = await _events.PruneAsync(Options.EventMaxAge, cancellationToken).ConfigureAwait(false);
        var head = (await _store.RangeAsync(StoreKeys.EventCounter, 1, cancellationToken).ConfigureAwait(false)).Revision;
        long? compactTo = head - Options.HistoryKeepRevisions > 1 ? head - Options.HistoryKeepRevisions : null;
        if (compactTo is { } revision)
        {
            await _store.CompactAsync(revision, cancellationToken).ConfigureAwait(false);
        }

        return new RetentionPass(events, operations, compactTo);
    }

    /// <summary>A pass now and every <see cref="RetentionOptions.Interval"/> until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await PruneOnceAsync(cancellationToken).ConfigureAwait(false);
                LastError = null;
            }
            catch (Exception e) when (e is IOException or TimeoutException or HttpRequestException or System.Data.Common.DbException)
            {
                // A full disk, an unreachable or busy store: the next pass tries again. Anything else is a bug and ends the loop.
                LastError = e;
            }

            await Task.Delay(Options.Interval, _time, cancellationToken).ConfigureAwait(false);
        }
    }
}

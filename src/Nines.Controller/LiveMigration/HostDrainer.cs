using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nines.Contracts.Model;
using Nines.Contracts.Repositories;
using Nines.Controller.Repositories;

namespace Nines.Controller.LiveMigration;

/// <summary>
/// Empties a host for maintenance: marks it unschedulable (<see cref="HostDrainMark"/>), then moves every VM the plans
/// put there to the schedulable host with the fewest VMs, at most <see cref="HostDrainMark.MaxConcurrent"/> at a time:
/// live through <see cref="MigrationCoordinator"/>, and where the hosts cannot migrate live (a driver without
/// <c>LiveMigration</c>) by restarting it there (its placement moves; the reconciler starts it on the target and
/// removes it from the drained host). A VM that is a service unit of a redundancy group is handed over first
/// (<see cref="IUnitHandover"/>: what it serves is switched over to another unit and it is locked out of service), then
/// moved, then brought back in service where it runs, as a standby. Undrain makes the host schedulable again; nothing
/// moves back by itself.
/// </summary>
public sealed partial class HostDrainer : IAsyncDisposable
{
    private readonly DeploymentRepository _deployments;
    private readonly HostRepository _hosts;
    private readonly MigrationCoordinator _migrations;
    private readonly IUnitHandover? _handover;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DrainRun> _runs = new(StringComparer.Ordinal);

    /// <summary>
    /// A drainer; <paramref name="handover"/> (the availability manager) hands service units over before they move,
    /// null: none is. Each move is logged through <paramref name="logger"/> (none when null).
    /// </summary>
    public HostDrainer(DeploymentRepository deployments, HostRepository hosts, MigrationCoordinator migrations, TimeProvider time, IUnitHandover? handover = null, ILogger<HostDrainer>? logger = null)
    {
        _deployments = deployments;
        _hosts = hosts;
        _migrations = migrations;
        _time = time;
        _handover = handover;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Marks <paramref name="host"/> drained and starts moving its VMs; null and the reason when it cannot.</summary>
    public async Task<(DrainStatus? Status, string? Field, string? Error)> DrainAsync(string host, int maxConcurrent, CancellationToken cancellationToken)
    {
        if (maxConcurrent is < 1 or > 16)
        {
            return (null, "maxConcurrent", $"{maxConcurrent} is not in 1..16");
        }

        var registered = await _hosts.ListAsync(cancellationToken).ConfigureAwait(false);
        if (registered.All(h => h.Name != host))
        {
            return (null, "host", $"host \"{host}\" is not registered (expected one of {string.Join(", ", registered.Select(h => h.Name).Order(StringComparer.Ordinal))})");
        }

        await _hosts.MarkDrainedAsync(new HostDrainMark(host, _time.GetUtcNow(), maxConcurrent), cancellationToken).ConfigureAwait(false);
        LogDrained(host, maxConcurrent);
        lock (_gate)
        {
            if (!_runs.TryGetValue(host, out var run) || run.Work.IsCompleted)
            {
                run = new DrainRun();
                _runs[host] = run;
                run.Work = Task.Run(() => RunAsync(host, maxConcurrent, run, _stopping.Token), CancellationToken.None);
            }
        }

        return (await StatusAsync(host, cancellationToken).ConfigureAwait(false), null, null);
    }

    /// <summary>Makes <paramref name="host"/> schedulable again; false when it was not drained.</summary>
    public async Task<bool> UndrainAsync(string host, CancellationToken cancellationToken)
    {
        var undrained = await _hosts.UndrainAsync(host, cancellationToken).ConfigureAwait(false);
        if (undrained)
        {
            LogUndrained(host);
        }

        return undrained;
    }

    /// <summary>Whether the host is drained, the VMs the plans still put there, and how the moves went.</summary>
    public async Task<DrainStatus> StatusAsync(string host, CancellationToken cancellationToken)
    {
        var drained = (await _hosts.ListDrainedAsync(cancellationToken).ConfigureAwait(false)).Any(d => d.Host == host);
        var remaining = (await VmsOnAsync(host, cancellationToken).ConfigureAwait(false)).Select(v => $"{v.Deployment}/{v.Vm}").ToList();
        DrainRun? run;
        lock (_gate)
        {
            run = _runs.GetValueOrDefault(host);
        }

        return run is null
            ? new DrainStatus(host, drained, false, remaining, [], [], [])
            : run.Snapshot(host, drained, remaining);
    }

    /// <summary>Waits for the drain of <paramref name="host"/> running here to end.</summary>
    public Task WaitAsync(string host)
    {
        lock (_gate)
        {
            return _runs.GetValueOrDefault(host)?.Work ?? Task.CompletedTask;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        Task[] runs;
        lock (_gate)
        {
            runs = [.. _runs.Values.Select(r => r.Work)];
        }

        await Task.WhenAll(runs).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task RunAsync(string host, int maxConcurrent, DrainRun run, CancellationToken cancellationToken)
    {
        try
        {
            using var slots = new SemaphoreSlim(maxConcurrent, maxConcurrent);
            var vms = await VmsOnAsync(host, cancellationToken).ConfigureAwait(false);
            var moves = vms.Select(async vm =>
            {
                await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    var outcome = await MoveAsync(host, vm, cancellationToken).ConfigureAwait(false);
                    LogMove(host, vm, outcome);
                    run.Note(vm, outcome);
                }
                finally
                {
                    slots.Release();
                }
            }).ToList();
            LogMoving(host, vms.Count);
            await Task.WhenAll(moves).ConfigureAwait(false);
            var done = run.Snapshot(host, true, []);
            LogDrainEnded(host, done.Migrated.Count, done.Restarted.Count, done.Failed.Count);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The controller stops: the mark stays, draining again resumes.
        }
        catch (Exception e)
        {
            // Nothing awaits the drain but WaitAsync: without the log its end would go unnoticed.
            LogDrainCrashed(e, host);
            throw;
        }
    }

    private sealed class DrainRun
    {
        private readonly Lock _gate = new();
        private readonly List<string> _migrated = [];
        private readonly List<string> _restarted = [];
        private readonly List<string> _failed = [];

        public Task Work { get; set; } = Task.CompletedTask;

        public void Note(PlacedVm vm, Outcome outcome)
        {
            lock (_gate)
            {
                var line = $"{vm.Deployment}/{vm.Vm}: {outcome.Detail}";
                (outcome.Kind switch { Kind.Moved => _migrated, Kind.Restarted => _restarted, _ => _failed }).Add(line);
            }
        }

        public DrainStatus Snapshot(string host, bool drained, IReadOnlyList<string> remaining)
        {
            lock (_gate)
            {
                return new DrainStatus(host, drained, !Work.IsCompleted, remaining, [.. _migrated], [.. _restarted], [.. _failed]);
            }
        }
    }
}

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nines.Controller.HostUpgrades;
using Nines.Controller.Supervision;

namespace Nines.Api.Sequences;

/// <summary>
/// The supervised loop <c>exec-sweep</c>: every <see cref="Interval"/> it fails the exec operations whose run died with
/// its process (<see cref="SequenceOperationRunner.FailAbandonedAsync"/>), and the host upgrades whose controller stopped
/// (<see cref="HostUpgrader.FailAbandonedAsync"/>), so an acknowledged operation always ends.
/// </summary>
internal sealed class AbandonedExecSweeper : BackgroundService
{
    /// <summary>The loop's name in the registry and in <c>/v1/health</c>.</summary>
    public const string LoopName = "exec-sweep";

    private readonly SequenceOperationRunner _runner;
    private readonly TimeProvider _time;
    private readonly LoopSupervisor _supervisor;
    private readonly HostUpgrader? _upgrades;

    public AbandonedExecSweeper(SequenceOperationRunner runner, TimeProvider time, ILoggerFactory loggers, LoopRegistry? registry = null, HostUpgrader? upgrades = null)
    {
        _runner = runner;
        _upgrades = upgrades;
        _time = time;
        _supervisor = new LoopSupervisor(registry ?? new LoopRegistry(), time, loggers.CreateLogger<LoopSupervisor>());
    }

    /// <summary>How often it looks.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(15);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => _supervisor.RunAsync(LoopName, SweepAsync, stoppingToken);

    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await _runner.FailAbandonedAsync(cancellationToken).ConfigureAwait(false);
                if (_upgrades is not null)
                {
                    await _upgrades.FailAbandonedAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is IOException or TimeoutException or HttpRequestException or System.Data.Common.DbException)
            {
                // The store is full, away or busy: the next sweep tries again.
            }

            await Task.Delay(Interval, _time, cancellationToken).ConfigureAwait(false);
        }
    }
}

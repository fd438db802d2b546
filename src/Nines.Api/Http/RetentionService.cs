using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nines.Controller.Repositories;
using Nines.Controller.Supervision;

namespace Nines.Api.Http;

/// <summary>
/// Runs the <see cref="RetentionPruner"/> while the API is up (every process that serves the API prunes; deletions are
/// conditional, so they never conflict), as the supervised loop <c>retention</c>: a failure the pruner does not
/// handle is logged and the loop restarted with backoff, shown in <c>/v1/health</c> through the host's
/// <see cref="LoopRegistry"/> — it never reaches the web host, which would stop serving the API for it.
/// </summary>
internal sealed class RetentionService : BackgroundService
{
    /// <summary>The loop's name in the registry and in <c>/v1/health</c>.</summary>
    public const string LoopName = "retention";

    private readonly RetentionPruner _pruner;
    private readonly LoopSupervisor _supervisor;

    public RetentionService(RetentionPruner pruner, TimeProvider time, ILoggerFactory loggers, LoopRegistry? registry = null)
    {
        _pruner = pruner;
        _supervisor = new LoopSupervisor(registry ?? new LoopRegistry(), time, loggers.CreateLogger<LoopSupervisor>());
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => _supervisor.RunAsync(LoopName, _pruner.RunAsync, stoppingToken);
}

using Microsoft.Extensions.Hosting;
using Nines.ControlPlane.Repositories;

namespace Nines.Api.Http;

/// <summary>Runs the <see cref="RetentionPruner"/> while the API is up (every process that serves the API prunes; deletions are conditional, so they never conflict).</summary>
internal sealed class RetentionService : BackgroundService
{
    private readonly RetentionPruner _pruner;

    public RetentionService(RetentionPruner pruner) => _pruner = pruner;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => _pruner.RunAsync(stoppingToken);
}

using System.Text.Json.Nodes;

namespace Nines.Bench.Soak;

/// <summary>The samplers that run beside the faults: loop health and every host's copies of every VM.</summary>
internal sealed partial class SystemSoak
{
    /// <summary>Lists each tenant's operations every 2 s, so the tracker knows which acknowledged ones ended before retention may prune them.</summary>
    private static async Task WatchOperationsAsync(OperationTracker tracker, IReadOnlyList<SoakApi> tenants, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                // A controller being killed answers nothing (status 0): the next round lists again.
                foreach (var api in tenants)
                {
                    if (await api.GetAsync("/v1/operations", stop).ConfigureAwait(false) is { Status: 200 } answer && answer.Json() is JsonArray listing)
                    {
                        tracker.Observe(listing);
                    }
                }

                await Task.Delay(TimeSpan.FromSeconds(2), stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The run is over.
        }
    }

    private static async Task SampleAsync(ISoakSystem system, SoakReport report, IReadOnlyList<SoakApi> tenants, CancellationToken stop)
    {
        using var anonymous = new SoakApi(system.Url, null);
        var vmIds = new HashSet<string>(StringComparer.Ordinal);
        var round = 0;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var health = await anonymous.GetAsync("/v1/health", stop).ConfigureAwait(false);
                if (health.Status == 200)
                {
                    report.HealthSamples++;
                    foreach (var dead in HealthLoops.Parse(health.Body).Dead)
                    {
                        report.DeadLoopsSeen.Add(dead);
                    }
                }

                foreach (var api in tenants)
                {
                    var vms = await api.GetAsync("/v1/vms", stop).ConfigureAwait(false);
                    foreach (var vm in (vms.Json() as JsonArray ?? []).OfType<JsonObject>())
                    {
                        // Only VMs placed on a host can run anywhere (a fuzzed deployment that never planned has none).
                        if (vm["id"]?.ToString() is { } id && vm["host"]?.ToString() is { Length: > 0 })
                        {
                            vmIds.Add(id);
                        }
                    }
                }

                // The soak supervises like systemd's Restart=always: a controller or agent that died by itself (a crash,
                // counted) is started again, so the run goes on measuring.
                if (++round % 4 == 0)
                {
                    await system.HealAsync(stop).ConfigureAwait(false);
                }

                var copies = await system.SampleVmCopiesAsync(vmIds, stop).ConfigureAwait(false);
                report.VmSamples++;
                foreach (var (vm, count) in copies.Where(c => c.Value > 1))
                {
                    report.Duplicates[vm] = Math.Max(report.Duplicates.GetValueOrDefault(vm), count);
                }

                await Task.Delay(TimeSpan.FromMilliseconds(500), stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException)
            {
                // A restart that failed: the system did not come back; the report says so.
                report.Problems.Add($"could not bring the system back: {e.Message}");
                await Task.Delay(TimeSpan.FromSeconds(2), stop).ConfigureAwait(false);
            }
        }
    }
}

using System.Diagnostics;
using System.Text.Json.Nodes;
using Nines.Testing;

namespace Nines.Bench.Soak;

/// <summary>
/// One system's soak, start to finish: start it, create the two tenants, run the well-behaved tenant, the fuzzing
/// tenant, the fault injector and the samplers for the duration, bring the system back, follow every acknowledged
/// operation to its end, undeploy everything, stop gracefully, count orphans, tear down, count again, grep the logs.
/// </summary>
internal sealed partial class SystemSoak(SoakSystemKind kind, SoakOptions options, int seed, TextWriter progress)
{
    private static readonly TimeSpan _finishTimeout = TimeSpan.FromMinutes(3);

    private readonly string _goodTenant = "sg" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _fuzzTenant = "sf" + Guid.NewGuid().ToString("N")[..8];

    public async Task<SoakReport> RunAsync(CancellationToken interrupt)
    {
        var report = new SoakReport { System = kind.ToString().ToLowerInvariant(), Driver = options.Driver, Seed = seed, Planned = options.Duration };
        var work = Path.Combine(options.WorkRoot, report.System);
        string[] tenants = [_goodTenant, _fuzzTenant];
        await using ISoakSystem system = kind == SoakSystemKind.Embedded
            ? new EmbeddedSystem(work, options.Driver, tenants)
            : new ClusterSystem(work, options.Driver, tenants);
        var teardown = new SoakCleanup();
        var sweep = new SoakCleanup();
        var started = false;
        try
        {
            Say($"starting ({work})");
            await system.StartAsync(teardown, sweep, interrupt).ConfigureAwait(false);
            started = true;
            report.Skipped.AddRange(system.Skipped);
            await SoakAsync(system, report, interrupt).ConfigureAwait(false);
            report.Completed = true;
        }
        catch (OperationCanceledException) when (interrupt.IsCancellationRequested)
        {
            report.Problems.Add("interrupted");
        }
        catch (Exception e)
        {
            report.Problems.Add($"{e.GetType().Name}: {e.Message}");
        }
        finally
        {
            Say("tearing down");
            await teardown.RunAsync().ConfigureAwait(false);
            if (started)
            {
                report.OrphansAfterTeardown.AddRange(OrphanScanner.AfterTeardown(system, tenants));
            }

            await sweep.RunAsync().ConfigureAwait(false);
            report.Problems.AddRange(teardown.Problems.Concat(sweep.Problems));
            var (count, samples) = LogScanner.ScanFiles(system.LogFiles);
            report.UnhandledExceptions = count;
            report.ExceptionSamples = samples;
            if (!options.Keep && Directory.Exists(work))
            {
                try
                {
                    Directory.Delete(work, recursive: true);
                }
                catch (IOException e)
                {
                    report.Problems.Add($"could not delete {work}: {e.Message}");
                }
            }
        }

        return report;
    }

    private async Task SoakAsync(ISoakSystem system, SoakReport report, CancellationToken interrupt)
    {
        using var admin = new SoakApi(system.Url, system.AdminToken);
        using var good = new SoakApi(system.Url, await TokenAsync(system, _goodTenant, interrupt).ConfigureAwait(false));
        using var fuzz = new SoakApi(system.Url, await TokenAsync(system, _fuzzTenant, interrupt).ConfigureAwait(false));
        var tracker = new OperationTracker();
        var goodTenant = new GoodTenant(_goodTenant, good, tracker);
        var apiFuzzer = new ApiFuzzer(await File.ReadAllTextAsync(RepositoryPaths.Combine("api", "openapi.json"), interrupt).ConfigureAwait(false));
        var fuzzTenant = new FuzzTenant(_fuzzTenant, _goodTenant, fuzz, apiFuzzer, tracker, report.Faults, new Random(seed ^ 0x5eed));

        Say($"soaking for {options.Duration.TotalSeconds:0} s: tenants {_goodTenant} (well-behaved), {_fuzzTenant} (fuzzing, {apiFuzzer.RouteCount} routes); faults {string.Join(", ", system.Faults)}");
        var watch = Stopwatch.StartNew();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(interrupt);
        stop.CancelAfter(options.Duration);
        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(interrupt);
        var samplers = SampleAsync(system, report, [good, fuzz], sampling.Token);
        var work = new[]
        {
            goodTenant.RunAsync(stop.Token),
            fuzzTenant.RunAsync(stop.Token),
            InjectFaultsAsync(system, report.Faults, new Random(seed), stop.Token),
        };
        await Task.WhenAll(work).ConfigureAwait(false);
        report.Ran = watch.Elapsed;
        report.Operations = goodTenant.Operations;
        report.Refusals = goodTenant.Refused;
        report.ScenarioAnswers = fuzzTenant.ScenarioAnswers;
        report.ServerErrors = fuzzTenant.ServerErrorRoutes;
        Say($"faults stopped after {report.Ran.TotalSeconds:0} s ({report.Faults.Total} injected); bringing the system back, following {tracker.Acknowledged.Count} acknowledged operations");

        await system.HealAsync(interrupt).ConfigureAwait(false);
        await FollowAcknowledgedAsync(tracker, report, interrupt).ConfigureAwait(false);
        await UndeployEverythingAsync([(good, _goodTenant), (fuzz, _fuzzTenant)], tracker, report, interrupt).ConfigureAwait(false);
        var health = await admin.GetAsync("/v1/health", interrupt).ConfigureAwait(false);
        report.FinalHealth = HealthLoops.Parse(health.Body);
        await sampling.CancelAsync().ConfigureAwait(false);
        await samplers.ConfigureAwait(false);

        Say("stopping gracefully, counting orphans");
        await system.StopGracefullyAsync(interrupt).ConfigureAwait(false);
        report.OrphansAfterUndeploy.AddRange(await OrphanScanner.AfterUndeployAsync(system, [_goodTenant, _fuzzTenant], interrupt).ConfigureAwait(false));
    }

    private async Task InjectFaultsAsync(ISoakSystem system, FaultLog faults, Random random, CancellationToken stop)
    {
        try
        {
            // A first quiet moment: the tenants start against a healthy system.
            await Task.Delay(TimeSpan.FromSeconds(2), stop).ConfigureAwait(false);
            while (!stop.IsCancellationRequested)
            {
                var kind = system.Faults[random.Next(system.Faults.Count)];
                try
                {
                    if (await system.InjectAsync(kind, random, stop).ConfigureAwait(false) is { } what)
                    {
                        faults.Record(kind, what);
                        Say($"fault: {what}");
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    faults.InjectionErrors.Enqueue($"{kind}: {e.Message}");
                    Say($"fault {kind} failed: {e.Message}");
                }

                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(1_500, 6_000)), stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The soak's time is up.
        }
    }

    private static async Task FollowAcknowledgedAsync(OperationTracker tracker, SoakReport report, CancellationToken cancellationToken)
    {
        var operations = tracker.Acknowledged.ToList();
        using var parallel = new SemaphoreSlim(8);
        var outcomes = await Task.WhenAll(operations.Select(async operation =>
        {
            await parallel.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return (operation, await OperationTracker.FollowAsync(operation, _finishTimeout, cancellationToken).ConfigureAwait(false));
            }
            finally
            {
                parallel.Release();
            }
        })).ConfigureAwait(false);
        report.Acknowledged = operations.Count;
        foreach (var (operation, outcome) in outcomes.Where(o => !o.Item2.Accounted))
        {
            report.Lost.Add($"{operation.Kind} {operation.Tenant}/{operation.Deployment} (operation {operation.Id}): {outcome.State}{(outcome.Error is { Length: > 0 } error ? $" — {error}" : outcome.Terminal ? " without a message" : string.Empty)}");
        }
    }

    private async Task UndeployEverythingAsync(IReadOnlyList<(SoakApi Api, string Tenant)> tenants, OperationTracker tracker, SoakReport report, CancellationToken cancellationToken)
    {
        var undeploys = new List<AcknowledgedOperation>();
        foreach (var (api, tenant) in tenants)
        {
            var list = await api.GetAsync("/v1/deployments", cancellationToken).ConfigureAwait(false);
            foreach (var deployment in (list.Json() as JsonArray ?? []).OfType<JsonObject>())
            {
                var name = deployment["name"]?.ToString();
                if (name is null)
                {
                    continue;
                }

                var answer = await api.SendAsync(HttpMethod.Delete, $"/v1/deployments/{name}", null, TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
                if (tracker.Acknowledge(answer, tenant, "final undeploy", name, api) is { } operation)
                {
                    undeploys.Add(operation);
                }
                else if (answer.Status != 404)
                {
                    report.Problems.Add($"final undeploy of {tenant}/{name} not accepted: {answer.Status} {answer.Error} {answer.Body}");
                }
            }
        }

        Say($"final undeploy of {undeploys.Count} deployments");
        foreach (var operation in undeploys)
        {
            var outcome = await OperationTracker.FollowAsync(operation, _finishTimeout, cancellationToken).ConfigureAwait(false);
            report.Acknowledged++;
            if (!outcome.Accounted)
            {
                report.Lost.Add($"final undeploy {operation.Tenant}/{operation.Deployment} (operation {operation.Id}): {outcome.State} {outcome.Error}");
            }
        }
    }

    private static async Task<string> TokenAsync(ISoakSystem system, string tenant, CancellationToken cancellationToken)
    {
        var created = await NinesCli.RunAsync(
            ["token", "create", "--role", "operator", "--tenant", tenant, "--description", "nines soak", "--controller", system.Url.ToString(), "--token", system.AdminToken],
            TimeSpan.FromMinutes(1),
            cancellationToken).ConfigureAwait(false);
        var token = created.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return created.Succeeded && token is { Length: > 0 }
            ? token
            : throw new InvalidOperationException($"nines token create --tenant {tenant} failed (exit {created.ExitCode}): {created.Out}{created.Error}");
    }

    private void Say(string line) => progress.WriteLine($"[{kind.ToString().ToLowerInvariant()} {TimeProvider.System.GetUtcNow():HH:mm:ss}] {line}");
}

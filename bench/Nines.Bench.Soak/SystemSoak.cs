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
    private static readonly TimeSpan _finishTimeout = TimeSpan.FromMinutes(2);

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
            report.Crashes.AddRange(system.Crashes);
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
        // The fuzzing tenant's accepted scenarios once took all of the host's memory and the well-behaved tenant's
        // deploys failed: it gets a quota well below the host's memory (issue 18), so it hits 422 quota exceeded instead.
        var quota = await admin.SendJsonAsync(
            HttpMethod.Put, $"/v1/tenants/{_fuzzTenant}/quota", new System.Text.Json.Nodes.JsonObject { ["memoryMiB"] = 2048, ["vms"] = 16, ["vcpus"] = 16 }, interrupt).ConfigureAwait(false);
        if (quota.Status != 200)
        {
            throw new InvalidOperationException($"setting the fuzzing tenant's quota answered {quota.Status}: {quota.Body}{quota.Error}");
        }

        var tracker = new OperationTracker();
        var goodTenant = new GoodTenant(_goodTenant, good, tracker);
        var apiFuzzer = new ApiFuzzer(await File.ReadAllTextAsync(RepositoryPaths.Combine("api", "openapi.json"), interrupt).ConfigureAwait(false));
        var fuzzTenant = new FuzzTenant(_fuzzTenant, _goodTenant, fuzz, apiFuzzer, tracker, report.Faults, seed ^ 0x5eed);

        Say($"soaking for {options.Duration.TotalSeconds:0} s: tenants {_goodTenant} (well-behaved), {_fuzzTenant} (fuzzing, {apiFuzzer.RouteCount} routes); faults {string.Join(", ", system.Faults)}");
        var watch = Stopwatch.StartNew();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(interrupt);
        stop.CancelAfter(options.Duration);
        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(interrupt);
        var samplers = Task.WhenAll(SampleAsync(system, report, [good, fuzz], sampling.Token), WatchOperationsAsync(tracker, [good, fuzz], sampling.Token));
        try
        {
            var tenant = goodTenant.RunAsync(stop.Token);
            await Task.WhenAll(fuzzTenant.RunAsync(stop.Token), InjectFaultsAsync(system, report.Faults, new Random(seed), stop.Token, interrupt)).ConfigureAwait(false);
            report.FaultPhase = watch.Elapsed;

            // The tenant finishes the operation it is in (its undeploy included) after the faults stop.
            await tenant.ConfigureAwait(false);
            report.Ran = watch.Elapsed;
            report.Operations = goodTenant.Operations;
            report.Refusals = goodTenant.Refused;
            report.ScenarioAnswers = fuzzTenant.ScenarioAnswers;
            report.ServerErrors = fuzzTenant.ServerErrorRoutes;
            report.FuzzLatency = fuzzTenant.Latency;
            Say($"faults stopped after {report.Ran.TotalSeconds:0} s ({report.Faults.Total} injected); bringing the system back, following {tracker.Acknowledged.Count} acknowledged operations");

            await system.HealAsync(interrupt).ConfigureAwait(false);
            await FollowAcknowledgedAsync(tracker.Acknowledged, tracker, report, interrupt).ConfigureAwait(false);
            await UndeployEverythingAsync([(good, _goodTenant), (fuzz, _fuzzTenant)], tracker, report, interrupt).ConfigureAwait(false);
            var health = await admin.GetAsync("/v1/health", interrupt).ConfigureAwait(false);
            report.FinalHealth = HealthLoops.Parse(health.Body);
        }
        finally
        {
            // Also when a step failed: the samplers must not outlive the clients they use.
            await sampling.CancelAsync().ConfigureAwait(false);
            await samplers.ConfigureAwait(false);
        }

        Say("stopping gracefully, counting orphans");
        await system.StopGracefullyAsync(interrupt).ConfigureAwait(false);
        report.OrphansAfterUndeploy.AddRange(await OrphanScanner.AfterUndeployAsync(system, [_goodTenant, _fuzzTenant], interrupt).ConfigureAwait(false));
    }

    /// <summary>
    /// Injects faults in rounds: each round is a seeded random order of every kind the system supports, so each kind
    /// is injected however few faults fit in the run; the first round is completed even past the deadline.
    /// </summary>
    private async Task InjectFaultsAsync(ISoakSystem system, FaultLog faults, Random random, CancellationToken stop, CancellationToken interrupt)
    {
        try
        {
            // A first quiet moment: the tenants start against a healthy system.
            await Task.Delay(TimeSpan.FromSeconds(2), interrupt).ConfigureAwait(false);
            for (var round = 0; round == 0 || !stop.IsCancellationRequested; round++)
            {
                var order = system.Faults.ToArray();
                random.Shuffle(order);
                foreach (var kind in order)
                {
                    if (round > 0 && stop.IsCancellationRequested)
                    {
                        break;
                    }

                    try
                    {
                        if (await system.InjectAsync(kind, random, interrupt).ConfigureAwait(false) is { } what)
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

                    await Task.Delay(TimeSpan.FromMilliseconds(random.Next(1_500, 6_000)), round == 0 ? interrupt : stop).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested && !interrupt.IsCancellationRequested)
        {
            // The soak's time is up.
        }
    }

    /// <summary>
    /// Follows every acknowledged operation to its end against one deadline for all (a dead worker leaves hundreds
    /// pending: they are lost, and waiting for each in turn would take hours).
    /// </summary>
    private static async Task FollowAcknowledgedAsync(IEnumerable<AcknowledgedOperation> operations, OperationTracker tracker, SoakReport report, CancellationToken cancellationToken)
    {
        var pending = operations.ToDictionary(o => o.Id, o => (Operation: o, Outcome: new OperationOutcome("UNKNOWN", "never answered")), StringComparer.Ordinal);
        report.Acknowledged += pending.Count;
        foreach (var (id, entry) in pending.ToList())
        {
            // Seen ended during the run: retention may have pruned it since (that is not a loss).
            if (tracker.Ended(id) is { } ended)
            {
                pending.Remove(id);
                if (!ended.Accounted)
                {
                    report.Lost.Add(Lost(entry.Operation, ended));
                }
            }
        }

        var deadline = Stopwatch.StartNew();
        while (pending.Count > 0 && deadline.Elapsed < _finishTimeout)
        {
            foreach (var (id, entry) in pending.ToList())
            {
                var outcome = await OperationTracker.FollowAsync(entry.Operation, TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
                if (outcome.State == "VANISHED" && tracker.Ended(id) is { } ended)
                {
                    outcome = ended;
                }

                if (outcome.Terminal)
                {
                    pending.Remove(id);
                    if (!outcome.Accounted)
                    {
                        report.Lost.Add(Lost(entry.Operation, outcome));
                    }
                }
                else
                {
                    pending[id] = (entry.Operation, outcome);
                }
            }

            if (pending.Count > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
            }
        }

        report.Lost.AddRange(pending.Values.OrderBy(p => p.Operation.Sequence).Select(p => Lost(p.Operation, p.Outcome)));
    }

    private static string Lost(AcknowledgedOperation operation, OperationOutcome outcome) =>
        $"{operation.Kind} {operation.Tenant}/{operation.Deployment} (operation {operation.Id}): {outcome.State}{(outcome.Error is { Length: > 0 } error ? $" — {error}" : outcome.Terminal ? " without a message" : string.Empty)}";

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
        await FollowAcknowledgedAsync(undeploys, tracker, report, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<string> TokenAsync(ISoakSystem system, string tenant, CancellationToken cancellationToken)
    {
        var created = await NinesCli.RunAsync(
            ["token", "create", "--role", "operator", "--tenant", tenant, "--description", "nines soak", "--controller", system.Url.ToString(), "--token", system.AdminToken],
            TimeSpan.FromMinutes(1),
            cancellationToken,
            system.CaCertificate).ConfigureAwait(false);
        var token = created.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return created.Succeeded && token is { Length: > 0 }
            ? token
            : throw new InvalidOperationException($"nines token create --tenant {tenant} failed (exit {created.ExitCode}): {created.Out}{created.Error}");
    }

    private void Say(string line) => progress.WriteLine($"[{kind.ToString().ToLowerInvariant()} {TimeProvider.System.GetUtcNow():HH:mm:ss}] {line}");
}

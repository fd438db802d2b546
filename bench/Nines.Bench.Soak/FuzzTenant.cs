using System.Globalization;
using System.Text.Json.Nodes;

namespace Nines.Bench.Soak;

/// <summary>
/// The fuzzing tenant: an operator of its own tenant that submits generated invalid and extreme scenarios and
/// random API calls with random bodies, as fast as the controller answers. Each answered request is one injected
/// fault. What the API accepts (202) is tracked like any acknowledged operation, and undeployed again after a while.
/// </summary>
internal sealed class FuzzTenant(string tenant, string foreignTenant, SoakApi api, ApiFuzzer apiFuzzer, OperationTracker tracker, FaultLog faults, int seed)
{
    /// <summary>Requests in flight at once: one client alone waits for every answer of a loaded controller.</summary>
    private const int Workers = 3;

    private readonly List<string> _live = [];
    private readonly List<double> _latencies = [];

    public Dictionary<string, int> ServerErrorRoutes { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, int> ScenarioAnswers { get; } = new(StringComparer.Ordinal);

    /// <summary>Answer times of the fuzzing requests, in milliseconds.</summary>
    public Percentiles Latency
    {
        get
        {
            lock (_live)
            {
                return Percentiles.Of(_latencies);
            }
        }
    }

    public Task RunAsync(CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, Workers).Select(w => WorkAsync(w, new Random(seed + w), stop)));

    private async Task WorkAsync(int worker, Random random, CancellationToken stop)
    {
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            try
            {
                if (random.Next(5) < 3)
                {
                    await SubmitScenarioAsync($"fz{worker.ToString(CultureInfo.InvariantCulture)}x{n.ToString(CultureInfo.InvariantCulture)}", random, stop).ConfigureAwait(false);
                }
                else
                {
                    await CallAsync(random, stop).ConfigureAwait(false);
                }

                string? oldest = null;
                lock (_live)
                {
                    if (_live.Count > 4)
                    {
                        oldest = _live[0];
                        _live.RemoveAt(0);
                    }
                }

                if (oldest is not null)
                {
                    var answer = await api.SendAsync(HttpMethod.Delete, $"/v1/deployments/{oldest}", null, TimeSpan.FromSeconds(20), stop).ConfigureAwait(false);
                    tracker.Acknowledge(answer, tenant, "undeploy", oldest, api);
                }

                await Task.Delay(random.Next(20, 200), stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task SubmitScenarioAsync(string name, Random random, CancellationToken stop)
    {
        var (kind, text) = ScenarioFuzzer.Next(random, name, foreignTenant);
        var body = new JsonObject { ["scenario"] = text, ["name"] = name, ["source"] = $"{kind}.fuzz" };
        var answer = random.Next(4) == 0
            ? await api.SendJsonAsync(HttpMethod.Put, $"/v1/deployments/{name}", new JsonObject { ["scenario"] = text, ["source"] = $"{kind}.fuzz" }, stop).ConfigureAwait(false)
            : await api.SendJsonAsync(HttpMethod.Post, "/v1/deployments", body, stop).ConfigureAwait(false);
        if (!answer.Answered)
        {
            return;
        }

        faults.Record(FaultKind.FuzzScenario, $"{kind}: {answer.Status.ToString(CultureInfo.InvariantCulture)}");
        var key = $"{kind} -> {answer.Status.ToString(CultureInfo.InvariantCulture)}";
        Note(answer, $"scenario {kind}", key);
        if (tracker.Acknowledge(answer, tenant, $"deploy ({kind} scenario)", name, api) is not null)
        {
            lock (_live)
            {
                _live.Add(name);
            }
        }
    }

    private async Task CallAsync(Random random, CancellationToken stop)
    {
        List<string> live;
        lock (_live)
        {
            live = [.. _live];
        }

        var request = apiFuzzer.Next(random, live, foreignTenant);
        var answer = await api.SendAsync(request.Method, request.Path, request.Body, TimeSpan.FromSeconds(10), stop).ConfigureAwait(false);
        if (!answer.Answered)
        {
            return;
        }

        faults.Record(FaultKind.FuzzApiCall, $"{request.Method} {request.Route}: {answer.Status.ToString(CultureInfo.InvariantCulture)}");
        Note(answer, $"{request.Method} {request.Route}", null);

        // A random call may have started something (a deploy, undeploy or exec by the fuzzer's own names).
        if (answer.Status == 202 && answer.Json()?["deployment"]?.ToString() is { } deployment)
        {
            tracker.Acknowledge(answer, tenant, $"{request.Method} {request.Route}", deployment, api);
        }
    }

    private void Note(ApiAnswer answer, string what, string? scenarioKey)
    {
        lock (_live)
        {
            _latencies.Add(answer.Elapsed.TotalMilliseconds);
            if (scenarioKey is not null)
            {
                ScenarioAnswers[scenarioKey] = ScenarioAnswers.GetValueOrDefault(scenarioKey) + 1;
            }

            if (answer.Status >= 500)
            {
                var key = $"{what} -> {answer.Status.ToString(CultureInfo.InvariantCulture)}";
                ServerErrorRoutes[key] = ServerErrorRoutes.GetValueOrDefault(key) + 1;
            }
        }
    }
}

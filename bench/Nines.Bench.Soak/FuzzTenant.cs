using System.Globalization;
using System.Text.Json.Nodes;

namespace Nines.Bench.Soak;

/// <summary>
/// The fuzzing tenant: an operator of its own tenant that submits generated invalid and extreme scenarios and
/// random API calls with random bodies, as fast as the controller answers. Each answered request is one injected
/// fault. What the API accepts (202) is tracked like any acknowledged operation, and undeployed again after a while.
/// </summary>
internal sealed class FuzzTenant(string tenant, string foreignTenant, SoakApi api, ApiFuzzer apiFuzzer, OperationTracker tracker, FaultLog faults, Random random)
{
    private readonly List<string> _live = [];

    public int ServerErrors { get; private set; }

    public Dictionary<string, int> ServerErrorRoutes { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, int> ScenarioAnswers { get; } = new(StringComparer.Ordinal);

    public async Task RunAsync(CancellationToken stop)
    {
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            try
            {
                if (random.Next(5) < 3)
                {
                    await SubmitScenarioAsync(n, stop).ConfigureAwait(false);
                }
                else
                {
                    await CallAsync(stop).ConfigureAwait(false);
                }

                if (_live.Count > 4)
                {
                    var name = _live[0];
                    _live.RemoveAt(0);
                    var answer = await api.SendAsync(HttpMethod.Delete, $"/v1/deployments/{name}", null, TimeSpan.FromSeconds(20), stop).ConfigureAwait(false);
                    tracker.Acknowledge(answer, tenant, "undeploy", name, api);
                }

                await Task.Delay(random.Next(20, 200), stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task SubmitScenarioAsync(int n, CancellationToken stop)
    {
        var name = $"fz{n.ToString(CultureInfo.InvariantCulture)}";
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
        ScenarioAnswers[key] = ScenarioAnswers.GetValueOrDefault(key) + 1;
        Note(answer, $"scenario {kind}");
        if (tracker.Acknowledge(answer, tenant, "deploy", name, api) is not null)
        {
            _live.Add(name);
        }
    }

    private async Task CallAsync(CancellationToken stop)
    {
        var request = apiFuzzer.Next(random, _live, foreignTenant);
        var answer = await api.SendAsync(request.Method, request.Path, request.Body, TimeSpan.FromSeconds(10), stop).ConfigureAwait(false);
        if (!answer.Answered)
        {
            return;
        }

        faults.Record(FaultKind.FuzzApiCall, $"{request.Method} {request.Route}: {answer.Status.ToString(CultureInfo.InvariantCulture)}");
        Note(answer, $"{request.Method} {request.Route}");

        // A random call may have started something (a deploy, undeploy or exec by the fuzzer's own names).
        if (answer.Status == 202 && answer.Json()?["deployment"]?.ToString() is { } deployment)
        {
            tracker.Acknowledge(answer, tenant, $"{request.Method} {request.Route}", deployment, api);
        }
    }

    private void Note(ApiAnswer answer, string what)
    {
        if (answer.Status >= 500)
        {
            ServerErrors++;
            var key = $"{what} -> {answer.Status.ToString(CultureInfo.InvariantCulture)}";
            ServerErrorRoutes[key] = ServerErrorRoutes.GetValueOrDefault(key) + 1;
        }
    }
}

using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Nines.Bench.Soak;

/// <summary>One of the well-behaved tenant's operations: its kind, how it ended and how long it took from the request.</summary>
internal sealed record TenantOperation(string Kind, string Result, TimeSpan Latency, string? Error)
{
    public bool Completed => Result == "COMPLETED";
}

/// <summary>
/// The well-behaved tenant: deploys a small scenario, runs a sequence in it and undeploys it, again and again, and
/// records each operation (accepted → COMPLETED/FAILED, with its latency from the request). A request the controller
/// did not answer (it was being killed) is retried and counted as a refusal, not as an operation.
/// </summary>
internal sealed class GoodTenant(string tenant, SoakApi api, OperationTracker tracker)
{
    /// <summary>One VM on one network, a sequence to exec: the smallest scenario that exercises every step.</summary>
    public const string Scenario = """
        nines: 1
        name: wb
        networks:
          - name: lan
        vms:
          - name: a
            memory: 64M
            interfaces:
              - {id: 0, network: lan, ipv4: [10.77.0.1/24]}
            execs:
              - {seq: hello, command: echo soak}
        """;

    private static readonly TimeSpan _operationTimeout = TimeSpan.FromMinutes(2);

    public List<TenantOperation> Operations { get; } = [];

    public int Refused { get; private set; }

    public string Tenant => tenant;

    public async Task RunAsync(CancellationToken stop)
    {
        for (var cycle = 0; !stop.IsCancellationRequested; cycle++)
        {
            var name = $"wb{cycle % 2}";
            try
            {
                var deployed = await OperateAsync("deploy", name, () => api.SendJsonAsync(HttpMethod.Post, "/v1/deployments", new JsonObject { ["scenario"] = Scenario, ["name"] = name, ["source"] = "wb.yaml" }, stop), stop).ConfigureAwait(false);
                if (deployed)
                {
                    await OperateAsync("exec", name, () => api.SendJsonAsync(HttpMethod.Post, $"/v1/deployments/{name}/exec", new JsonObject { ["sequence"] = "hello" }, stop), stop).ConfigureAwait(false);
                }

                // Undeploy even after a failed deploy: the tenant cleans up after itself, also when stopping.
                await OperateAsync("undeploy", name, () => api.SendAsync(HttpMethod.Delete, $"/v1/deployments/{name}", null, TimeSpan.FromSeconds(20), CancellationToken.None), CancellationToken.None, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Submits until the API acknowledges, then follows the operation; true when it COMPLETED.</summary>
    private async Task<bool> OperateAsync(string kind, string name, Func<Task<ApiAnswer>> submit, CancellationToken cancellationToken, CancellationToken? giveUp = null)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var answer = await submit().ConfigureAwait(false);
            if (tracker.Acknowledge(answer, tenant, kind, name, api) is { } operation)
            {
                OperationOutcome outcome;
                try
                {
                    outcome = await OperationTracker.FollowAsync(operation, _operationTimeout, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // The soak ended while this one was still running: it is followed to its end with the others.
                    lock (Operations)
                    {
                        Operations.Add(new TenantOperation(kind, "still running when the soak ended", watch.Elapsed, null));
                    }

                    throw;
                }

                lock (Operations)
                {
                    Operations.Add(new TenantOperation(kind, outcome.Terminal ? outcome.State : $"not finished ({outcome.State})", watch.Elapsed, outcome.Error));
                }

                return outcome.State == "COMPLETED";
            }

            if (answer.Status == 404 && kind == "undeploy")
            {
                return true;
            }

            Refused++;
            if (answer.Answered && answer.Status is >= 400 and < 500 and not 409)
            {
                // Refused for good (not "busy"): record and move on.
                lock (Operations)
                {
                    Operations.Add(new TenantOperation(kind, $"refused {answer.Status}", watch.Elapsed, answer.Body.Length > 300 ? answer.Body[..300] : answer.Body));
                }

                return false;
            }

            if ((giveUp ?? cancellationToken).IsCancellationRequested && watch.Elapsed > TimeSpan.FromMinutes(3))
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken).ConfigureAwait(false);
        }
    }
}

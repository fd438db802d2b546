using System.Net;
using System.Text.Json;
using Nines.Api.Tests.Support;
using Nines.Controller.Supervision;
using Nines.Testing;

namespace Nines.Api.Tests.Endpoints;

public sealed class HealthEndpointsTests
{
    [Fact]
    public async Task Health_Anonymous_ReportsStatusVersionAndEveryLoop()
    {
        await using var host = await ApiHost.StartAsync(sqlite: false);
        using var client = host.Client(null);

        using var document = await GetHealthAsync(client, h => h.GetProperty("loops").EnumerateArray().Any(l => l.GetProperty("name").GetString() == "deployments/worker-1"));

        var root = document.RootElement;
        root.GetProperty("status").GetString().ShouldBe("ok");
        root.GetProperty("version").GetString().ShouldNotBeNullOrEmpty();
        var worker = root.GetProperty("loops").EnumerateArray().First(l => l.GetProperty("name").GetString() == "deployments/worker-1");
        worker.GetProperty("state").GetString().ShouldBe("running");
        worker.GetProperty("restarts").GetInt32().ShouldBe(0);
        worker.GetProperty("lastError").ValueKind.ShouldBe(JsonValueKind.Null);
        worker.GetProperty("since").GetDateTimeOffset().ShouldBeGreaterThan(DateTimeOffset.MinValue);
        var names = root.GetProperty("loops").EnumerateArray().Select(l => l.GetProperty("name").GetString()).ToList();
        names.ShouldContain("deployments/hosts");
        names.ShouldContain("deployments/resync");
        names.ShouldContain("deployments/watch");
    }

    [Fact]
    public async Task Health_LoopRestarting_DegradedWithTheErrorKindButNoMessage()
    {
        await using var host = await ApiHost.StartAsync(sqlite: false);
        using var client = host.Client(null);
        var time = new FakeTimeProvider();
        using var stop = new CancellationTokenSource();
        var failing = new LoopSupervisor(host.Loops, time).RunAsync("test/failing", _ => throw new InvalidOperationException("deployment acme/secret broke"), stop.Token);

        using var degraded = await GetHealthAsync(client, h => h.GetProperty("status").GetString() == "degraded");

        var loop = degraded.RootElement.GetProperty("loops").EnumerateArray().Single(l => l.GetProperty("name").GetString() == "test/failing");
        loop.GetProperty("state").GetString().ShouldBe("restarting");
        loop.GetProperty("restarts").GetInt32().ShouldBe(1);
        loop.GetProperty("lastError").GetString().ShouldBe(nameof(InvalidOperationException));
        loop.GetProperty("lastErrorAt").GetDateTimeOffset().ShouldBe(time.GetUtcNow());
        degraded.RootElement.GetRawText().ShouldNotContain("acme");
        await stop.CancelAsync();
        await failing;
        using var ok = await GetHealthAsync(client, h => h.GetProperty("status").GetString() == "ok");
    }

    private static async Task<JsonDocument> GetHealthAsync(HttpClient client, Func<JsonElement, bool> until)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            using var response = await client.GetAsync(new Uri("/v1/health", UriKind.Relative));
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            if (until(document.RootElement))
            {
                return document;
            }

            document.Dispose();
            clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(30), "health never reached the expected state");
            await Task.Delay(20);
        }
    }
}

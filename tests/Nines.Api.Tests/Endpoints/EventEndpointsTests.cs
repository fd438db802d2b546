using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Nines.Api.Tests.Support;
using Nines.ControlPlane.Model;

namespace Nines.Api.Tests.Endpoints;

public sealed class EventEndpointsTests
{
    [Fact]
    public async Task Follow_FromRevisionBeforeDeploy_StreamsTheDeploysEventsAsServerSentEvents()
    {
        await using var host = await ApiHost.StartAsync(sqlite: false);
        using var client = host.Client(host.OperatorToken);
        var revision = (await client.GetFromJsonAsync<Api.Contracts.EventPage>("/v1/events", ApiHost.Json))!.Revision;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        // The stream starts at the revision read before the deploy, so it carries the deploy's events whenever it connects.
        (await ApiHost.DeployTutorialAsync(client)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        using var response = await client.GetAsync($"/v1/events/follow?revision={revision}", HttpCompletionOption.ResponseHeadersRead, cts.Token);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));

        var kinds = new List<string>();
        while (!kinds.Contains("DeployStarted") || !kinds.Contains("Planned"))
        {
            var line = await reader.ReadLineAsync(cts.Token);
            if (line is not null && line.StartsWith("data: ", StringComparison.Ordinal))
            {
                var record = JsonSerializer.Deserialize<EventRecord>(line["data: ".Length..], ApiHost.Json)!;
                record.Subject.ShouldStartWith("acme/tutorial");
                kinds.Add(record.Kind);
            }
        }

        kinds.IndexOf("DeployStarted").ShouldBeLessThan(kinds.IndexOf("Planned"));
    }

    [Fact]
    public async Task List_AfterSequence_ReturnsOnlyLaterEvents()
    {
        await using var host = await ApiHost.StartAsync(sqlite: false);
        using var client = host.Client(host.OperatorToken);
        var deployed = await ApiHost.DeployTutorialAsync(client);
        (await ApiHost.WaitForOperationAsync(client, deployed.Headers.Location!.ToString())).State.ShouldBe(OperationState.COMPLETED);
        var all = (await client.GetFromJsonAsync<Api.Contracts.EventPage>("/v1/events", ApiHost.Json))!.Events;

        var later = (await client.GetFromJsonAsync<Api.Contracts.EventPage>($"/v1/events?after={all[1].Sequence}&limit=2", ApiHost.Json))!.Events;

        later.Select(e => e.Sequence).ShouldBe(all.Skip(2).Take(2).Select(e => e.Sequence));
    }
}

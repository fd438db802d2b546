using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Nines.Api.Tests.Support;
using Nines.Contracts.Model;
using Nines.Contracts.Repositories;

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

    [Fact]
    public async Task List_TenantToken_SeesOnlyItsOwnLogAndAdminSeesAllWithTheSystemLog()
    {
        await using var host = await ApiHost.StartAsync(sqlite: false);
        var log = host.App.Services.GetRequiredService<EventLog>();
        await log.AppendAsync(EventSeverity.Normal, "Acme", "acme/lab", null, "acme's", CancellationToken.None);
        await log.AppendAsync(EventSeverity.Normal, "Globex", "globex/lab", null, "globex's", CancellationToken.None);
        await log.AppendAsync(EventSeverity.Warning, "HostSelfFenced", "h1", null, "system's", CancellationToken.None);
        using var acme = host.Client(host.OperatorToken);
        using var globex = host.Client(host.OtherTenantToken);
        using var admin = host.Client(host.AdminToken);

        var acmeSees = (await acme.GetFromJsonAsync<Api.Contracts.EventPage>("/v1/events?tenant=globex", ApiHost.Json))!.Events;
        var globexSees = (await globex.GetFromJsonAsync<Api.Contracts.EventPage>("/v1/events?tenant=_system", ApiHost.Json))!.Events;
        var adminSees = (await admin.GetFromJsonAsync<Api.Contracts.EventPage>("/v1/events", ApiHost.Json))!.Events;
        var adminSystem = (await admin.GetFromJsonAsync<Api.Contracts.EventPage>("/v1/events?tenant=_system", ApiHost.Json))!.Events;

        acmeSees.Select(e => e.Kind).ShouldBe(["Acme"], "a tenant's ?tenant= is ignored: it reads its own log only");
        globexSees.Select(e => e.Kind).ShouldBe(["Globex"]);
        adminSees.Select(e => e.Kind).ShouldBe(["Acme", "Globex", "HostSelfFenced"]);
        adminSystem.Select(e => e.Kind).ShouldBe(["HostSelfFenced"]);
        adminSystem[0].Tenant.ShouldBeNull();
    }

    [Fact]
    public async Task Follow_TenantToken_StreamsOnlyItsOwnEvents()
    {
        await using var host = await ApiHost.StartAsync(sqlite: false, controller: false);
        var log = host.App.Services.GetRequiredService<EventLog>();
        using var globex = host.Client(host.OtherTenantToken);
        var revision = (await globex.GetFromJsonAsync<Api.Contracts.EventPage>("/v1/events", ApiHost.Json))!.Revision;
        await log.AppendAsync(EventSeverity.Normal, "Acme", "acme/lab", null, "acme's", CancellationToken.None);
        await log.AppendAsync(EventSeverity.Normal, "System", "h1", null, "system's", CancellationToken.None);
        await log.AppendAsync(EventSeverity.Normal, "Globex", "globex/lab", null, "globex's", CancellationToken.None);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        using var response = await globex.GetAsync($"/v1/events/follow?revision={revision}&tenant=acme", HttpCompletionOption.ResponseHeadersRead, cts.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        string? first = null;
        while (first is null)
        {
            var line = await reader.ReadLineAsync(cts.Token);
            if (line is not null && line.StartsWith("data: ", StringComparison.Ordinal))
            {
                first = JsonSerializer.Deserialize<EventRecord>(line["data: ".Length..], ApiHost.Json)!.Kind;
            }
        }

        first.ShouldBe("Globex", "the first event a tenant's stream carries is its own, though two others came before");
    }
}

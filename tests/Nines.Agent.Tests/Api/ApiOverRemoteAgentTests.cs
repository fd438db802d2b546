using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nines.Agent.Tests.Support;
using Nines.Api;
using Nines.Api.Auth;
using Nines.Contracts.Agents;
using Nines.Contracts.Model;
using Nines.Store;

namespace Nines.Agent.Tests.Api;

/// <summary>The REST API in front of agents reached over HTTP: what a user sees when a VM's host stops answering.</summary>
public sealed class ApiOverRemoteAgentTests
{
    [Fact]
    public async Task VmCalls_HostAgentDown_Answer503NamingTheHost()
    {
        await using var cluster = new AgentCluster();
        var agent = await cluster.StartAgentAsync("host-a");
        cluster.StartController();
        await using var app = await StartApiAsync(cluster);
        var token = (await app.Services.GetRequiredService<TokenService>().CreateAsync(ApiRole.Operator, "acme")).Token;
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var deployed = await client.PutAsJsonAsync("/v1/deployments/tutorial", new { scenario = AgentCluster.TutorialYaml(), source = "tutorial.yaml" });
        deployed.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var operation = await cluster.WaitForOperationAsync(AgentCluster.Tutorial, OperationKind.Deploy, 1);
        operation.State.ShouldBe(OperationState.COMPLETED);
        (await client.GetAsync("/v1/deployments/tutorial/vms/uml1")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await agent.StopAsync(CancellationToken.None);

        // The host is still registered (its lease has not run out), but its agent no longer answers.
        using var show = await client.GetAsync("/v1/deployments/tutorial/vms/uml1");
        using var pause = await client.PostAsJsonAsync("/v1/deployments/tutorial/vms/uml1/actions", new { action = "Pause" });
        foreach (var answer in new[] { show, pause })
        {
            answer.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            answer.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            using var problem = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
            problem.RootElement.GetProperty("title").GetString().ShouldBe("host-unreachable");
            problem.RootElement.GetProperty("detail").GetString()!.ShouldContain("did not answer");
        }
    }

    private static async Task<WebApplication> StartApiAsync(AgentCluster cluster)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IStateStore>(cluster.Store);
        builder.Services.AddSingleton<IHostAgentDirectory>(cluster.AgentDirectory);
        builder.Services.AddSingleton(cluster.Deployments);
        builder.Services.AddSingleton(cluster.Hosts);
        builder.Services.AddSingleton(cluster.Operations);
        builder.Services.AddSingleton(cluster.Events);
        builder.Services.AddNinesApi();
        var app = builder.Build();
        app.MapNinesApi();
        await app.StartAsync();
        return app;
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Nines.Agent.Client;
using Nines.Agent.Contracts;
using Nines.Agent.Hosting;
using Nines.Agent.Server;
using Nines.Agent.Tests.Support;

namespace Nines.Agent.Tests.Server;

/// <summary>The agent's HTTP surface as a raw client sees it: the secret, strict bodies, problem+json.</summary>
public sealed class AgentEndpointsTests : IAsyncLifetime
{
    private readonly AgentCluster _cluster = new();
    private readonly HttpClient _http = new();
    private AgentHost _agent = null!;

    public async Task InitializeAsync()
    {
        _agent = await _cluster.StartAgentAsync("host-a");
        _http.BaseAddress = _agent.Url;
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task Health_WithoutSecret_AnswersHostDriverAndVersion()
    {
        var health = await _http.GetFromJsonAsync<AgentHealth>("/agent/v1/health", AgentJson.Answers);

        health.ShouldBe(new AgentHealth("host-a", "fake+fake", AgentEndpoints.Version));
        health!.Version.ShouldNotBeNullOrEmpty();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong-secret")]
    [InlineData("Basic czNjcmV0LWFnZW50LWtleQ==")]
    [InlineData("Bearer s3cret-agent-key-and-more")]
    public async Task ListDeployments_MissingOrWrongSecret_Answers401Problem(string? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/agent/v1/deployments");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await _http.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().ShouldBe("Bearer");
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.Content.ReadFromJsonAsync<AgentProblem>(AgentJson.Answers))!.Code.ShouldBe(AgentErrors.Unauthorized);
    }

    [Fact]
    public async Task ListDeployments_RightSecret_Answers200()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/agent/v1/deployments");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AgentCluster.Secret);

        using var response = await _http.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadFromJsonAsync<string[]>()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Client_WrongSecret_ThrowsHttpRequestExceptionWith401()
    {
        using var client = new HttpHostAgentClient("host-a", _agent.Url, "wrong-secret");

        var error = await Should.ThrowAsync<HttpRequestException>(() => client.ListDeploymentsAsync(CancellationToken.None));

        error.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Converge_UnknownTopLevelField_Answers400NamingItAndChangesNothing()
    {
        var body = DesiredJson();
        body["bogus"] = true;

        var (status, problem) = await PostAsync($"/agent/v1/deployments/{OpsScenario.Deployment.Id}", body, AgentCluster.Secret);

        status.ShouldBe(HttpStatusCode.BadRequest);
        problem.Code.ShouldBe(AgentErrors.InvalidRequest);
        problem.Errors!.Keys.ShouldBe(["bogus"]);
        problem.Errors["bogus"].Single().ShouldContain("unknown field \"bogus\"");
        (await _agent.Agent.ListDeploymentsAsync(CancellationToken.None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Converge_UnknownFieldInAVmDefinition_Answers400NamingItsPath()
    {
        var body = DesiredJson();
        body["vms"]![1]!["colour"] = "blue";

        var (status, problem) = await PostAsync($"/agent/v1/deployments/{OpsScenario.Deployment.Id}", body, AgentCluster.Secret);

        status.ShouldBe(HttpStatusCode.BadRequest);
        problem.Errors!.Keys.ShouldBe(["vms[1].colour"]);
        _agent.Driver.ShouldNotBeNull();
        (await _agent.Agent.ListDeploymentsAsync(CancellationToken.None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Converge_MissingRequiredField_Answers400NamingIt()
    {
        var body = DesiredJson();
        body.Remove("scenarioYaml");

        var (status, problem) = await PostAsync($"/agent/v1/deployments/{OpsScenario.Deployment.Id}", body, AgentCluster.Secret);

        status.ShouldBe(HttpStatusCode.BadRequest);
        problem.Detail.ShouldNotBeNull().ShouldContain("scenarioYaml");
    }

    [Fact]
    public async Task Converge_PathAndBodyNameDifferentDeployments_Answers400NamingDeploymentId()
    {
        var (status, problem) = await PostAsync("/agent/v1/deployments/acme.other", DesiredJson(), AgentCluster.Secret);

        status.ShouldBe(HttpStatusCode.BadRequest);
        problem.Errors!.Keys.ShouldBe(["deploymentId"]);
    }

    [Fact]
    public async Task Converge_BadBodyAndWrongSecret_Answers401BeforeLookingAtTheBody()
    {
        var body = DesiredJson();
        body["bogus"] = true;

        var (status, problem) = await PostAsync($"/agent/v1/deployments/{OpsScenario.Deployment.Id}", body, "wrong-secret");

        status.ShouldBe(HttpStatusCode.Unauthorized);
        problem.Code.ShouldBe(AgentErrors.Unauthorized);
    }

    private static JsonObject DesiredJson() =>
        JsonNode.Parse(JsonContent.Create(OpsScenario.Desired(), options: AgentJson.Answers).ReadAsStringAsync().GetAwaiter().GetResult())!.AsObject();

    private async Task<(HttpStatusCode Status, AgentProblem Problem)> PostAsync(string path, JsonObject body, string secret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        using var response = await _http.SendAsync(request);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        return (response.StatusCode, (await response.Content.ReadFromJsonAsync<AgentProblem>(AgentJson.Answers))!);
    }
}

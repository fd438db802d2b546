using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Nines.Agent.Hosting;
using Nines.Agent.Server;
using Nines.Agent.Tests.Support;
using Nines.Contracts.AgentWire;
using Nines.Contracts.Security;

namespace Nines.Agent.Tests.Server;

/// <summary>The agent's HTTP surface as a raw client sees it: mutual TLS (only the controller's certificate), strict bodies, problem+json.</summary>
public sealed class AgentEndpointsTests : IAsyncLifetime
{
    private readonly AgentCluster _cluster = new();
    private readonly HttpClient _http = TestPki.Client("host-a", TestPki.Controller.Certificate);
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
    public async Task Health_ControllerCertificate_AnswersHostDriverAndVersion()
    {
        var health = await _http.GetFromJsonAsync<AgentHealth>("/agent/v1/health", AgentJson.Answers);

        health.ShouldBe(new AgentHealth("host-a", "fake+fake", AgentEndpoints.Version));
        health!.Version.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task ListDeployments_ControllerCertificate_Answers200()
    {
        using var response = await _http.GetAsync("/agent/v1/deployments");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadFromJsonAsync<string[]>()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Health_ClientWithoutCertificate_IsRefusedInTheHandshake()
    {
        using var anonymous = TestPki.Client("host-a", clientCertificate: null);

        await Should.ThrowAsync<HttpRequestException>(() => anonymous.GetAsync(new Uri(_agent.Url, "/agent/v1/health")));
        await Should.ThrowAsync<HttpRequestException>(() => anonymous.GetAsync(new Uri(_agent.Url, "/agent/v1/deployments")));
    }

    [Fact]
    public async Task ListDeployments_AnotherAgentsCertificate_IsRefusedInTheHandshake()
    {
        // Same CA, client use allowed, but the identity is an agent's, not the controller's: one host cannot drive another.
        using var other = TestPki.Agent("host-b").Certificate;
        using var client = TestPki.Client("host-a", other);

        await Should.ThrowAsync<HttpRequestException>(() => client.GetAsync(new Uri(_agent.Url, "/agent/v1/deployments")));
    }

    [Fact]
    public async Task ListDeployments_ControllerCertificateOfAnotherCa_IsRefusedInTheHandshake()
    {
        using var foreign = NinesCertificateAuthority.LoadOrCreate(Path.Combine(Directory.CreateTempSubdirectory("nines-other-ca-").FullName, "tls"), TimeProvider.System);
        using var impostor = foreign.IssueController();
        using var client = TestPki.Client("host-a", impostor);

        await Should.ThrowAsync<HttpRequestException>(() => client.GetAsync(new Uri(_agent.Url, "/agent/v1/deployments")));
    }

    [Fact]
    public async Task HealthSocket_NoCertificateThere_AnswersHealthButRefusesEveryOtherRoute()
    {
        var socket = Nines.Agent.Guard.FenceGuardLink.HealthSocketIn(_agent.DataDirectory);
        using var local = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var unix = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
                await unix.ConnectAsync(new System.Net.Sockets.UnixDomainSocketEndPoint(socket), ct);
                return new System.Net.Sockets.NetworkStream(unix, ownsSocket: true);
            },
        });

        var health = await local.GetAsync(new Uri("http://agent/agent/v1/health"));
        var deployments = await local.GetAsync(new Uri("http://agent/agent/v1/deployments"));

        health.StatusCode.ShouldBe(HttpStatusCode.OK);
        deployments.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await deployments.Content.ReadFromJsonAsync<AgentProblem>(AgentJson.Answers))!.Code.ShouldBe(AgentErrors.Unauthorized);
    }

    [Fact]
    public async Task Converge_UnknownTopLevelField_Answers400NamingItAndChangesNothing()
    {
        var body = DesiredJson();
        body["bogus"] = true;

        var (status, problem) = await PostAsync($"/agent/v1/deployments/{OpsScenario.Deployment.Id}", body);

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

        var (status, problem) = await PostAsync($"/agent/v1/deployments/{OpsScenario.Deployment.Id}", body);

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

        var (status, problem) = await PostAsync($"/agent/v1/deployments/{OpsScenario.Deployment.Id}", body);

        status.ShouldBe(HttpStatusCode.BadRequest);
        problem.Detail.ShouldNotBeNull().ShouldContain("scenarioYaml");
    }

    [Fact]
    public async Task Converge_PathAndBodyNameDifferentDeployments_Answers400NamingDeploymentId()
    {
        var (status, problem) = await PostAsync("/agent/v1/deployments/acme.other", DesiredJson());

        status.ShouldBe(HttpStatusCode.BadRequest);
        problem.Errors!.Keys.ShouldBe(["deploymentId"]);
    }

    private static JsonObject DesiredJson() =>
        JsonNode.Parse(JsonContent.Create(OpsScenario.Desired(), options: AgentJson.Answers).ReadAsStringAsync().GetAwaiter().GetResult())!.AsObject();

    private async Task<(HttpStatusCode Status, AgentProblem Problem)> PostAsync(string path, JsonObject body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        using var response = await _http.SendAsync(request);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        return (response.StatusCode, (await response.Content.ReadFromJsonAsync<AgentProblem>(AgentJson.Answers))!);
    }
}

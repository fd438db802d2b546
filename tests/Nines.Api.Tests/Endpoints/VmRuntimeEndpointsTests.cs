using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Nines.Api.Contracts;
using Nines.Api.Tests.Support;
using Nines.Contracts.Model;
using Nines.Drivers.Errors;

namespace Nines.Api.Tests.Endpoints;

public sealed class VmRuntimeEndpointsTests
{
    [Fact]
    public async Task VmExec_RunningVm_ReturnsTheGuestCommandsResultAndRecordsAnEvent()
    {
        await using var host = await ApiHost.StartAsync(sqlite: false);
        using var client = host.Client(host.OperatorToken);
        await DeployAsync(client);

        var response = await client.PostAsJsonAsync("/v1/deployments/tutorial/vms/uml1/exec", new { command = new[] { "echo", "hi" }, timeoutSeconds = 5 });

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var result = await response.Content.ReadFromJsonAsync<VmExecResult>(ApiHost.Json);
        result.ShouldBe(new VmExecResult(0, string.Empty, string.Empty));
        var events = await client.GetFromJsonAsync<EventPage>("/v1/events", ApiHost.Json);
        events!.Events.ShouldContain(e => e.Kind == "VmExec" && e.Message.Contains("echo hi", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("{\"command\":[]}", "command")]
    [InlineData("{}", "command")]
    [InlineData("{\"command\":[\"true\"],\"timeoutSeconds\":0}", "timeoutSeconds")]
    [InlineData("{\"command\":[\"true\"],\"shell\":true}", "shell")]
    public async Task VmExec_BadBody_Returns400NamingTheField(string body, string field)
    {
        await using var host = await ApiHost.StartAsync(sqlite: false);
        using var client = host.Client(host.OperatorToken);
        await DeployAsync(client);

        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        var response = await client.PostAsync("/v1/deployments/tutorial/vms/uml1/exec", content);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await DeploymentEndpointsTests.ErrorsAsync(response)).Keys.ShouldBe([field]);
    }

    [Fact]
    public async Task VmExec_ViewerToken_Returns403()
    {
        await using var host = await ApiHost.StartAsync(sqlite: false);
        using var operatorClient = host.Client(host.OperatorToken);
        await DeployAsync(operatorClient);
        using var viewer = host.Client(host.ViewerToken);

        var response = await viewer.PostAsJsonAsync("/v1/deployments/tutorial/vms/uml1/exec", new { command = new[] { "true" } });

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task VmExec_OtherTenant_Returns404()
    {
        await using var host = await ApiHost.StartAsync(sqlite: false);
        using var operatorClient = host.Client(host.OperatorToken);
        await DeployAsync(operatorClient);
        using var other = host.Client(host.OtherTenantToken);

        var response = await other.PostAsJsonAsync("/v1/deployments/tutorial/vms/uml1/exec", new { command = new[] { "true" } });

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task VmResize_DriverWithoutResize_Returns409WithTheDriversCode()
    {
        await using var host = await ApiHost.StartAsync(sqlite: false);
        using var client = host.Client(host.OperatorToken);
        await DeployAsync(client);

        var response = await client.PostAsJsonAsync("/v1/deployments/tutorial/vms/uml1/resize", new { memoryLimitMiB = 128 });

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("title").GetString().ShouldBe(UnsupportedOperationException.ErrorCode);
        problem.GetProperty("detail").GetString()!.ShouldContain("Resize");
    }

    [Theory]
    [InlineData("{}", "body")]
    [InlineData("{\"cpuQuotaPercent\":-1}", "cpuQuotaPercent")]
    [InlineData("{\"cpuShares\":1}", "cpuShares")]
    [InlineData("{\"memoryLimitMiB\":1}", "memoryLimitMiB")]
    [InlineData("{\"pidsLimit\":-5}", "pidsLimit")]
    [InlineData("{\"cpuPinning\":\"0-\"}", "cpuPinning")]
    [InlineData("{\"memory\":64}", "memory")]
    public async Task VmResize_BadBody_Returns400NamingTheField(string body, string field)
    {
        await using var host = await ApiHost.StartAsync(sqlite: false);
        using var client = host.Client(host.OperatorToken);
        await DeployAsync(client);

        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        var response = await client.PostAsync("/v1/deployments/tutorial/vms/uml1/resize", content);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await DeploymentEndpointsTests.ErrorsAsync(response)).Keys.ShouldBe([field]);
    }

    [Fact]
    public async Task VmResize_UnknownVm_Returns404()
    {
        await using var host = await ApiHost.StartAsync(sqlite: false);
        using var client = host.Client(host.OperatorToken);
        await DeployAsync(client);

        var response = await client.PostAsJsonAsync("/v1/deployments/tutorial/vms/uml9/resize", new { cpuShares = 512 });

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Health_WithoutToken_AnswersOkAndVersion()
    {
        await using var host = await ApiHost.StartAsync(sqlite: false);
        using var client = host.Client(null);

        var response = await client.GetAsync("/v1/health");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var health = await response.Content.ReadFromJsonAsync<HealthView>(ApiHost.Json);
        health!.Status.ShouldBe("ok");
        health.Version.ShouldNotBeNullOrWhiteSpace();
        (await client.GetAsync("/v1/hosts")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    private static async Task DeployAsync(HttpClient client)
    {
        var deployed = await ApiHost.DeployTutorialAsync(client);
        (await ApiHost.WaitForOperationAsync(client, deployed.Headers.Location!.ToString())).State.ShouldBe(OperationState.COMPLETED);
    }
}

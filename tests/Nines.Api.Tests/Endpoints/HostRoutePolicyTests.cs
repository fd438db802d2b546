using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Nines.Api.Tests.Support;
using Nines.Contracts.Model;

namespace Nines.Api.Tests.Endpoints;

/// <summary>
/// Issue 18 item 3 through the API as an operator of tenant "acme": a host side routes only toward prefixes the scenario
/// declares, so a default host route is a 400 problem+json naming the field and the rule (nothing stored), while the
/// same file only warns offline. Routes to declared prefixes are accepted.
/// </summary>
public sealed class HostRoutePolicyTests
{
    [Theory]
    [InlineData("default")]
    [InlineData("0.0.0.0/0")]
    public async Task Deploy_DefaultHostRoute_Returns400NamingTheFieldAndTheRule(string destination)
    {
        await using var host = await ApiHost.StartAsync(sqlite: false);
        using var client = host.Client(host.OperatorToken);

        var response = await client.PutAsJsonAsync("/v1/deployments/lab", new { scenario = Scenario(destination), source = "lab.yaml" });

        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, text);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var body = JsonDocument.Parse(text).RootElement;
        var diagnostic = body.GetProperty("diagnostics").EnumerateArray().ShouldHaveSingleItem();
        diagnostic.GetProperty("severity").GetString().ShouldBe("error");
        diagnostic.GetProperty("code").GetString().ShouldBe("NX1532");
        diagnostic.GetProperty("field").GetString().ShouldBe($"host/route[{destination}]");
        diagnostic.GetProperty("message").GetString()!.ShouldContain("rule hostRouteDefault");
        diagnostic.GetProperty("line").GetInt32().ShouldBeGreaterThan(0, "located in the submitted text");
        body.GetProperty("errors").GetProperty("scenario").EnumerateArray().ShouldHaveSingleItem().GetString()!.ShouldContain("error NX1532");
        (await host.Store.RangeAsync("/nines/deployments/")).Entries.ShouldBeEmpty();
    }

    [Fact]
    public async Task Deploy_HostRouteToADeclaredPrefix_Accepted()
    {
        await using var host = await ApiHost.StartAsync(sqlite: false);
        using var client = host.Client(host.OperatorToken);

        var response = await client.PutAsJsonAsync("/v1/deployments/lab", new { scenario = Scenario("10.0.0.0/16"), source = "lab.yaml" });

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var operation = await ApiHost.WaitForOperationAsync(client, response.Headers.Location!.ToString());
        operation.State.ShouldBe(OperationState.COMPLETED, operation.Error);
    }

    private static string Scenario(string destination) => $"""
        nines: 1
        name: lab
        networks:
          - name: net0
        vms:
          - name: r1
            interfaces:
              - {"{"}id: 0, network: net0, ipv4: [10.0.3.1/24]{"}"}
        host:
          interfaces:
            - {"{"}network: net0, ipv4: [10.0.3.2/24]{"}"}
          routes:
            - {"{"}to: "{destination}", via: 10.0.3.1{"}"}
        """;
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Nines.Api.Contracts;
using Nines.Api.Tests.Support;
using Nines.Contracts.Model;

namespace Nines.Api.Tests.Endpoints;

public sealed class DeploymentEndpointsTests
{
    [Fact]
    public async Task Deploy_VnumlTutorial_OperationCompletesAndStatusShowsFiveRunningVms()
    {
        await using var host = await ApiHost.StartAsync(sqlite: true);
        using var client = host.Client(host.OperatorToken);

        var response = await ApiHost.DeployTutorialAsync(client);

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var accepted = await response.Content.ReadFromJsonAsync<OperationAccepted>(ApiHost.Json);
        response.Headers.Location!.ToString().ShouldBe($"/v1/operations/{accepted!.OperationId}");
        var operation = await ApiHost.WaitForOperationAsync(client, response.Headers.Location.ToString());
        operation.State.ShouldBe(OperationState.COMPLETED, operation.Error);
        operation.Kind.ShouldBe(OperationKind.Deploy);
        operation.Vms.Count.ShouldBe(5);
        operation.Vms.Values.ShouldAllBe(p => p.Percent == 100);

        var view = await client.GetFromJsonAsync<DeploymentView>("/v1/deployments/tutorial", ApiHost.Json);
        view!.Status!.Phase.ShouldBe(DeploymentPhase.Running);
        view.Status.Vms.Count.ShouldBe(5);
        view.Status.Vms.Values.ShouldAllBe(v => v.State == VmPhase.Running && v.GuestReady && v.Configured);
        view.Placements.Values.ShouldAllBe(h => h == ApiHost.HostName);
        var vms = await client.GetFromJsonAsync<List<VmView>>("/v1/deployments/tutorial/vms", ApiHost.Json);
        vms!.Select(v => v.Name).ShouldBe(["uml1", "uml2", "uml3", "uml4", "uml5"], ignoreOrder: true);
        vms!.ShouldAllBe(v => v.State == "Running" && v.Id == $"acme.tutorial.{v.Name}");
    }

    [Fact]
    public async Task Deploy_SameContentAgain_KeepsGenerationAndOperation()
    {
        await using var host = await ApiHost.StartAsync(sqlite: false);
        using var client = host.Client(host.OperatorToken);
        var first = await (await ApiHost.DeployTutorialAsync(client)).Content.ReadFromJsonAsync<OperationAccepted>(ApiHost.Json);

        var second = await (await ApiHost.DeployTutorialAsync(client)).Content.ReadFromJsonAsync<OperationAccepted>(ApiHost.Json);

        second!.Generation.ShouldBe(first!.Generation);
        second.OperationId.ShouldBe(first.OperationId);
    }

    [Fact]
    public async Task Deploy_UnknownField_Returns400NamingTheFieldAndChangesNothing()
    {
        await using var host = await ApiHost.StartAsync(sqlite: false);
        using var client = host.Client(host.OperatorToken);

        var response = await client.PutAsJsonAsync("/v1/deployments/tutorial", new { scenario = ApiHost.Fixture("vnuml", "tutorial_root1_xp_sysprep.xml"), algoritm = "Balanced" });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var errors = await ErrorsAsync(response);
        errors.Keys.ShouldBe(["algoritm"]);
        errors["algoritm"][0].ShouldContain("unknown field");
        (await client.GetFromJsonAsync<List<DeploymentView>>("/v1/deployments", ApiHost.Json))!.ShouldBeEmpty();
    }

    [Fact]
    public async Task Deploy_InvalidScenario_Returns400WithEveryDiagnosticAndLocation()
    {
        await using var host = await ApiHost.StartAsync(sqlite: false);
        using var client = host.Client(host.OperatorToken);
        var xml = ApiHost.Fixture("vnuml", "tutorial_root1_xp_sysprep.xml")
            .Replace("<mem>", "<mem>X", StringComparison.Ordinal);

        var response = await client.PostAsJsonAsync("/v1/deployments", new { scenario = xml, source = "bad.xml", algorithm = "NoSuchAlgorithm" });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = body.GetProperty("errors").Deserialize<Dictionary<string, string[]>>()!;
        errors.Keys.ShouldBe(["scenario", "algorithm"], ignoreOrder: true);
        errors["scenario"].ShouldNotBeEmpty();
        errors["scenario"].ShouldAllBe(m => m.StartsWith("bad.xml:", StringComparison.Ordinal));
        var diagnostic = body.GetProperty("diagnostics")[0];
        diagnostic.GetProperty("file").GetString().ShouldBe("bad.xml");
        diagnostic.GetProperty("line").GetInt32().ShouldBeGreaterThan(0);
        diagnostic.GetProperty("column").GetInt32().ShouldBeGreaterThan(0);
        (await client.GetFromJsonAsync<List<DeploymentView>>("/v1/deployments", ApiHost.Json))!.ShouldBeEmpty();
    }

    [Fact]
    public async Task Deploy_InterfaceId256_Returns400NamingTheInterfaceAndStoresNothing()
    {
        // Issue 17: this scenario was accepted (202) and then stopped the reconciler while it derived automac MACs.
        await using var host = await ApiHost.StartAsync(sqlite: false);
        using var client = host.Client(host.OperatorToken);
        const string Yaml = """
            nines: 1
            name: wide
            networks:
              - name: lan
            vms:
              - name: r1
                interfaces:
                  - {id: 256, network: lan}
            """;

        var response = await client.PostAsJsonAsync("/v1/deployments", new { scenario = Yaml, source = "wide.yaml" });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = body.GetProperty("errors").Deserialize<Dictionary<string, string[]>>()!;
        errors.Keys.ShouldBe(["scenario"]);
        errors["scenario"].ShouldHaveSingleItem().ShouldStartWith("wide.yaml:8:9: error NX1522: vm[r1]/if[256]: vm \"r1\": interface id 256 is out of range");
        var diagnostic = body.GetProperty("diagnostics").EnumerateArray().Single(d => d.GetProperty("severity").GetString() == "error");
        diagnostic.GetProperty("field").GetString().ShouldBe("vm[r1]/if[256]");
        diagnostic.GetProperty("line").GetInt32().ShouldBe(8);
        (await host.Store.RangeAsync("/nines/deployments/")).Entries.ShouldBeEmpty();
        (await host.Store.RangeAsync("/nines/operations/")).Entries.ShouldBeEmpty();
    }

    [Fact]
    public async Task Deploy_VmIdLongerThanDriversAccept_Returns400NamingTheVmAndStoresNothing()
    {
        await using var host = await ApiHost.StartAsync(sqlite: false);
        using var client = host.Client(host.OperatorToken);
        var vm = new string('v', 40);
        var yaml = $"""
            nines: 1
            name: s
            vms:
              - name: {vm}
            """;

        var response = await client.PutAsJsonAsync("/v1/deployments/" + new string('d', 30), new { scenario = yaml, source = "long.yaml" });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = await ErrorsAsync(response);
        errors["scenario"].ShouldHaveSingleItem().ShouldStartWith($"long.yaml:4:5: vm[{vm}]: the VM's id on its host, ");
        errors["scenario"][0].ShouldContain("more than the 64 drivers accept");
        (await host.Store.RangeAsync("/nines/deployments/")).Entries.ShouldBeEmpty();
    }

    [Fact]
    public async Task Undeploy_Deployed_OperationCompletesAndDeploymentIsGone()
    {
        await using var host = await ApiHost.StartAsync(sqlite: true);
        using var client = host.Client(host.OperatorToken);
        var deployed = await ApiHost.DeployTutorialAsync(client);
        (await ApiHost.WaitForOperationAsync(client, deployed.Headers.Location!.ToString())).State.ShouldBe(OperationState.COMPLETED);

        var response = await client.DeleteAsync("/v1/deployments/tutorial");

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var operation = await ApiHost.WaitForOperationAsync(client, response.Headers.Location!.ToString());
        operation.Kind.ShouldBe(OperationKind.Undeploy);
        operation.State.ShouldBe(OperationState.COMPLETED, operation.Error);
        await WaitUntilAsync(async () => (await client.GetAsync("/v1/deployments/tutorial")).StatusCode == HttpStatusCode.NotFound);
        (await client.DeleteAsync("/v1/deployments/tutorial")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Exec_TutorialSequence_CompletesOnEveryVmWithCommands()
    {
        await using var host = await ApiHost.StartAsync(sqlite: false);
        using var client = host.Client(host.OperatorToken);
        var deployed = await ApiHost.DeployTutorialAsync(client);
        (await ApiHost.WaitForOperationAsync(client, deployed.Headers.Location!.ToString())).State.ShouldBe(OperationState.COMPLETED);

        var response = await client.PostAsJsonAsync("/v1/deployments/tutorial/exec", new { sequence = "dir" });

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var operation = await ApiHost.WaitForOperationAsync(client, response.Headers.Location!.ToString());
        operation.Kind.ShouldBe(OperationKind.Exec);
        operation.State.ShouldBe(OperationState.COMPLETED, operation.Error);
        operation.Vms.ShouldNotBeEmpty();
        operation.Vms.Values.ShouldAllBe(p => p.Step == "done" && p.Percent == 100);
        var events = await client.GetFromJsonAsync<EventPage>("/v1/events", ApiHost.Json);
        events!.Events.ShouldContain(e => e.Kind == "ExecCompleted" && e.Subject == "acme/tutorial" && e.Reason == "dir");
    }

    [Fact]
    public async Task Exec_UnknownSequence_Returns400NamingTheSequence()
    {
        await using var host = await ApiHost.StartAsync(sqlite: false);
        using var client = host.Client(host.OperatorToken);
        (await ApiHost.DeployTutorialAsync(client)).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        var response = await client.PostAsJsonAsync("/v1/deployments/tutorial/exec", new { sequence = "nope", vms = new[] { "uml1", "umlX" } });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = await ErrorsAsync(response);
        errors.Keys.ShouldBe(["sequence"]);
        errors["sequence"][0].ShouldContain("unknown sequence \"nope\"");
    }

    internal static async Task<Dictionary<string, string[]>> ErrorsAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("errors").Deserialize<Dictionary<string, string[]>>()!;
    }

    internal static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!await condition())
        {
            await Task.Delay(50, cts.Token);
        }
    }
}

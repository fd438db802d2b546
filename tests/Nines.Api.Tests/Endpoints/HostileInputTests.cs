using System.Net;
using System.Net.Http.Json;
using System.Text;
using Nines.Api.Tests.Support;
using Nines.Contracts.Model;
using Nines.Controller.LiveMigration;

namespace Nines.Api.Tests.Endpoints;

/// <summary>Issue 18 item 7 through the API: names anchored at the very end, bounded body nesting, drain status per tenant.</summary>
public sealed class HostileInputTests
{
    [Fact]
    public async Task DeployNamed_NameWithTrailingNewline_Returns400NamingNameAndStoresNothing()
    {
        // "$" in a .NET pattern also matches before a final "\n": "web\n" passed as a valid name.
        await using var host = await ApiHost.StartAsync(sqlite: false);
        using var client = host.Client(host.OperatorToken);

        var response = await client.PutAsJsonAsync("/v1/deployments/web%0A", new { scenario = ApiHost.Fixture("vnuml", "tutorial_root1_xp_sysprep.xml") });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
        (await DeploymentEndpointsTests.ErrorsAsync(response)).Keys.ShouldBe(["name"]);
        (await host.Store.RangeAsync("/nines/deployments/")).Entries.ShouldBeEmpty();
    }

    [Fact]
    public async Task Deploy_BodyNameWithTrailingNewline_Returns400NamingName()
    {
        await using var host = await ApiHost.StartAsync(sqlite: false);
        using var client = host.Client(host.OperatorToken);

        var response = await client.PostAsJsonAsync("/v1/deployments", new { scenario = ApiHost.Fixture("vnuml", "tutorial_root1_xp_sysprep.xml"), name = "web\n" });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await DeploymentEndpointsTests.ErrorsAsync(response)).Keys.ShouldBe(["name"]);
        (await host.Store.RangeAsync("/nines/deployments/")).Entries.ShouldBeEmpty();
    }

    [Fact]
    public void IsValidPart_TrailingNewline_IsRefused()
    {
        DeploymentRef.IsValidPart("web").ShouldBeTrue();
        DeploymentRef.IsValidPart("web\n").ShouldBeFalse();
        DeploymentRef.FromHostId("acme.web\n.vm").ShouldBeNull();
    }

    [Theory]
    [InlineData(17)]
    [InlineData(100_000)]
    public async Task Deploy_BodyNestedTooDeep_Returns400MaxDepthRuleOnBody(int depth)
    {
        await using var host = await ApiHost.StartAsync(sqlite: false);
        using var client = host.Client(host.OperatorToken);
        var body = "{\"scenario\":" + new string('[', depth) + new string(']', depth) + "}";

        var response = await client.PostAsync("/v1/deployments", new StringContent(body, Encoding.UTF8, "application/json"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var errors = await DeploymentEndpointsTests.ErrorsAsync(response);
        errors.Keys.ShouldBe(["body"]);
        errors["body"].ShouldHaveSingleItem().ShouldContain("rule max-depth");
    }

    [Fact]
    public async Task Resize_CpuPinningWithTrailingNewline_Returns400NamingCpuPinning()
    {
        await using var host = await ApiHost.StartAsync(sqlite: false);
        using var client = host.Client(host.OperatorToken);
        var deployed = await ApiHost.DeployTutorialAsync(client);
        (await ApiHost.WaitForOperationAsync(client, deployed.Headers.Location!.ToString())).State.ShouldBe(OperationState.COMPLETED);

        var response = await client.PostAsJsonAsync("/v1/deployments/tutorial/vms/uml1/resize", new { cpuPinning = "0-1\n" });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
        (await DeploymentEndpointsTests.ErrorsAsync(response)).Keys.ShouldBe(["cpuPinning"]);
    }

    [Fact]
    public async Task DrainStatus_OtherTenantsCaller_SeesNoneOfTheirVmNames()
    {
        await using var host = await ApiHost.StartAsync(sqlite: false, drains: true);
        using var acme = host.Client(host.OperatorToken);
        var deployed = await ApiHost.DeployTutorialAsync(acme);
        (await ApiHost.WaitForOperationAsync(acme, deployed.Headers.Location!.ToString())).State.ShouldBe(OperationState.COMPLETED);
        using var globex = host.Client(host.OtherTenantToken);
        using var acmeViewer = host.Client(host.ViewerToken);
        using var admin = host.Client(host.AdminToken);

        var theirs = await globex.GetFromJsonAsync<DrainStatus>($"/v1/hosts/{ApiHost.HostName}/drain", ApiHost.Json);
        var own = await acmeViewer.GetFromJsonAsync<DrainStatus>($"/v1/hosts/{ApiHost.HostName}/drain", ApiHost.Json);
        var all = await admin.GetFromJsonAsync<DrainStatus>($"/v1/hosts/{ApiHost.HostName}/drain", ApiHost.Json);

        theirs!.Remaining.ShouldBeEmpty("a globex caller must not read acme's VM names");
        (theirs.Migrated.Count + theirs.Restarted.Count + theirs.Failed.Count).ShouldBe(0);
        own!.Remaining.Count.ShouldBe(5);
        own.Remaining.ShouldAllBe(v => v.StartsWith("acme/tutorial/", StringComparison.Ordinal));
        all!.Remaining.Count.ShouldBe(5);
    }
}

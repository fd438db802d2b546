using System.Net;
using System.Net.Http.Json;
using System.Text;
using Nines.Api.Auth;
using Nines.Api.Contracts;
using Nines.Api.Tests.Support;
using Nines.Contracts.Model;

namespace Nines.Api.Tests.Auth;

public sealed class AuthorizationTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("nines_not-a-real-token")]
    [InlineData("garbage")]
    public async Task AnyCall_MissingOrInvalidToken_Returns401ProblemWithBearerChallenge(string? token)
    {
        await using var host = await ApiHost.StartAsync(sqlite: false);
        using var client = host.Client(token);

        var response = await client.GetAsync("/v1/deployments");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().ShouldBe("Bearer");
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task Deploy_Viewer_Returns403AndDeploysNothing()
    {
        await using var host = await ApiHost.StartAsync(sqlite: false);
        using var viewer = host.Client(host.ViewerToken);

        var response = await ApiHost.DeployTutorialAsync(viewer);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await viewer.GetFromJsonAsync<List<DeploymentView>>("/v1/deployments", ApiHost.Json))!.ShouldBeEmpty();
    }

    [Fact]
    public async Task TokenManagement_Operator_Returns403()
    {
        await using var host = await ApiHost.StartAsync(sqlite: false);
        using var client = host.Client(host.OperatorToken);

        (await client.GetAsync("/v1/tokens")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await client.PostAsJsonAsync("/v1/tokens", new { role = "admin", tenant = "acme" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task OtherTenant_AcmeResources_AreNotFoundAndNotListed()
    {
        await using var host = await ApiHost.StartAsync(sqlite: false);
        using var acme = host.Client(host.OperatorToken);
        using var globex = host.Client(host.OtherTenantToken);
        var deployed = await ApiHost.DeployTutorialAsync(acme);
        var location = deployed.Headers.Location!.ToString();
        (await ApiHost.WaitForOperationAsync(acme, location)).State.ShouldBe(OperationState.COMPLETED);

        (await globex.GetAsync("/v1/deployments/tutorial")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await globex.GetAsync("/v1/deployments/tutorial?tenant=acme")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await globex.GetAsync("/v1/deployments/tutorial/vms")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await globex.GetAsync("/v1/deployments/tutorial/vms/uml1")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await globex.PostAsJsonAsync("/v1/deployments/tutorial/vms/uml1/actions", new { action = "destroy" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await globex.PostAsJsonAsync("/v1/deployments/tutorial/exec", new { sequence = "dir" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await globex.DeleteAsync("/v1/deployments/tutorial?tenant=acme")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await globex.GetAsync(location)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await globex.GetFromJsonAsync<List<DeploymentView>>("/v1/deployments", ApiHost.Json))!.ShouldBeEmpty();
        (await globex.GetFromJsonAsync<List<VmView>>("/v1/vms", ApiHost.Json))!.ShouldBeEmpty();
        (await globex.GetFromJsonAsync<List<Operation>>("/v1/operations", ApiHost.Json))!.ShouldBeEmpty();
        (await globex.GetFromJsonAsync<EventPage>("/v1/events", ApiHost.Json))!.Events.ShouldBeEmpty();

        // Nothing of acme's changed, and acme (and an admin of any tenant) still sees it all.
        (await acme.GetFromJsonAsync<VmView>("/v1/deployments/tutorial/vms/uml1", ApiHost.Json))!.State.ShouldBe("Running");
        (await acme.GetFromJsonAsync<List<VmView>>("/v1/vms", ApiHost.Json))!.Count.ShouldBe(5);
        (await acme.GetFromJsonAsync<EventPage>("/v1/events", ApiHost.Json))!.Events.ShouldNotBeEmpty();
        using var admin = host.Client(host.AdminToken);
        (await admin.GetFromJsonAsync<List<DeploymentView>>("/v1/deployments", ApiHost.Json))!.Count.ShouldBe(1);
    }

    [Fact]
    public async Task SameName_TwoTenants_AreSeparateDeployments()
    {
        await using var host = await ApiHost.StartAsync(sqlite: false);
        using var acme = host.Client(host.OperatorToken);
        using var globex = host.Client(host.OtherTenantToken);

        var a = await (await ApiHost.DeployTutorialAsync(acme)).Content.ReadFromJsonAsync<OperationAccepted>(ApiHost.Json);
        var g = await (await ApiHost.DeployTutorialAsync(globex)).Content.ReadFromJsonAsync<OperationAccepted>(ApiHost.Json);

        a!.Tenant.ShouldBe("acme");
        g!.Tenant.ShouldBe("globex");
        g.OperationId.ShouldNotBe(a.OperationId);
        (await ApiHost.WaitForOperationAsync(globex, $"/v1/operations/{g.OperationId}")).State.ShouldBe(OperationState.COMPLETED);
        (await globex.GetFromJsonAsync<List<VmView>>("/v1/vms", ApiHost.Json))!.ShouldAllBe(v => v.Id.StartsWith("globex.tutorial.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Tokens_CreatedThroughApi_StoredHashedNeverInPlaintext()
    {
        await using var host = await ApiHost.StartAsync(sqlite: true);
        using var admin = host.Client(host.AdminToken);

        var response = await admin.PostAsJsonAsync("/v1/tokens", new { role = "viewer", tenant = "initech", description = "ci" });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var issued = await response.Content.ReadFromJsonAsync<IssuedToken>(ApiHost.Json);
        issued!.Record.Id.ShouldBe(TokenService.Hash(issued.Token));
        var everything = await host.Store.RangeAsync("/");
        var stored = everything.Entries.Select(e => e.Key.ToString() + "=" + Encoding.UTF8.GetString(e.Value.Span)).ToList();
        foreach (var token in new[] { issued.Token, host.AdminToken, host.OperatorToken, host.ViewerToken })
        {
            stored.ShouldNotContain(s => s.Contains(token, StringComparison.Ordinal));
            stored.ShouldContain(s => s.StartsWith(TokenService.KeyPrefix + TokenService.Hash(token) + "=", StringComparison.Ordinal));
        }

        using var viewer = host.Client(issued.Token);
        (await viewer.GetAsync("/v1/deployments")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.DeleteAsync($"/v1/tokens/{issued.Record.Id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await viewer.GetAsync("/v1/deployments")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task CreateToken_UnknownFieldAndBadTenant_Returns400NamingFields()
    {
        await using var host = await ApiHost.StartAsync(sqlite: false);
        using var admin = host.Client(host.AdminToken);

        var unknown = await admin.PostAsJsonAsync("/v1/tokens", new { role = "viewer", tenant = "initech", ttl = "never" });
        var invalid = await admin.PostAsJsonAsync("/v1/tokens", new { tenant = "Not Valid" });

        (await Endpoints.DeploymentEndpointsTests.ErrorsAsync(unknown)).Keys.ShouldBe(["ttl"]);
        (await Endpoints.DeploymentEndpointsTests.ErrorsAsync(invalid)).Keys.ShouldBe(["role", "tenant"], ignoreOrder: true);
        (await admin.GetFromJsonAsync<List<TokenRecord>>("/v1/tokens", ApiHost.Json))!.Count.ShouldBe(4);
    }
}

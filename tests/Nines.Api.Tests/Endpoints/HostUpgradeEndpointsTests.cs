using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Nines.Api.Tests.Support;
using Nines.Contracts.Model;
using Nines.Controller.HostUpgrades;
using Nines.Controller.Repositories;

namespace Nines.Api.Tests.Endpoints;

/// <summary><c>POST /v1/hosts/upgrades</c>: admin only (it runs commands on hosts), every problem at once, and its operation hidden from tenants.</summary>
public sealed class HostUpgradeEndpointsTests
{
    [Fact]
    public async Task Upgrade_OperatorOrViewer_Forbidden()
    {
        await using var host = await ApiHost.StartAsync(sqlite: false, drains: true);

        foreach (var token in new[] { host.OperatorToken, host.ViewerToken })
        {
            using var client = host.Client(token);
            var response = await client.PostAsJsonAsync("/v1/hosts/upgrades", new { hosts = new[] { ApiHost.HostName }, hook = "id > /tmp/owned" });
            response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }

        (await host.App.Services.GetRequiredService<OperationRepository>().ListAsync(null, CancellationToken.None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Upgrade_BadBody_EveryFieldNamedAtOnce()
    {
        await using var host = await ApiHost.StartAsync(sqlite: false, drains: true);
        using var admin = host.Client(host.AdminToken);

        var response = await admin.PostAsJsonAsync("/v1/hosts/upgrades", new { hosts = new[] { ApiHost.HostName, "nowhere" }, hook = "", maxUnavailable = 1, maxConcurrentMoves = 40 });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
        var errors = await DeploymentEndpointsTests.ErrorsAsync(response);
        errors.Keys.ShouldBe(["hosts", "hook", "maxUnavailable", "maxConcurrentMoves"], ignoreOrder: true);
        errors["hosts"].ShouldContain(e => e.Contains("nowhere", StringComparison.Ordinal));

        // One host (the embedded one): draining it would leave its VMs nowhere to go.
        errors["maxUnavailable"].ShouldContain(e => e.Contains("1 schedulable host", StringComparison.Ordinal));
        var tooLong = await admin.PostAsJsonAsync("/v1/hosts/upgrades", new { hosts = new[] { ApiHost.HostName }, hook = "true", hookTimeoutSeconds = 90_000 });
        (await DeploymentEndpointsTests.ErrorsAsync(tooLong)).Keys.ShouldBe(["hookTimeoutSeconds"]);
        var unknown = await admin.PostAsJsonAsync("/v1/hosts/upgrades", new { hosts = new[] { ApiHost.HostName }, hook = "true", runAs = "root" });
        unknown.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Operation_OfAHostUpgrade_OnlyAdminsSeeIt()
    {
        await using var host = await ApiHost.StartAsync(sqlite: false, drains: true);
        var now = DateTimeOffset.UtcNow;
        var upgrade = new Operation(
            "op-00000000000000bb", OperationKind.HostUpgrade, HostUpgrader.Tenant, "hosts", 0, OperationState.PROCESSING,
            new Dictionary<string, VmProgress>(), null, now, now, null, HostUpgrade: new HostUpgradeRecord("true", 1, 60, [new HostUpgradeStep(ApiHost.HostName, "hook", 40)]));
        await host.App.Services.GetRequiredService<OperationRepository>().PutAsync(upgrade, CancellationToken.None);
        using var tenant = host.Client(host.OperatorToken);
        using var admin = host.Client(host.AdminToken);

        (await tenant.GetAsync($"/v1/operations/{upgrade.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await tenant.GetFromJsonAsync<List<Operation>>("/v1/operations", ApiHost.Json))!.ShouldBeEmpty();
        var seen = await admin.GetFromJsonAsync<Operation>($"/v1/operations/{upgrade.Id}", ApiHost.Json);
        seen!.HostUpgrade!.Hosts.Single().Step.ShouldBe("hook");
    }
}

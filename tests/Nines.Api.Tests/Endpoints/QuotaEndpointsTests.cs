using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Nines.Api.Contracts;
using Nines.Api.Tests.Quotas;
using Nines.Api.Tests.Support;
using Nines.Contracts.Model;
using Nines.Controller.Quotas;

namespace Nines.Api.Tests.Endpoints;

public sealed class QuotaEndpointsTests
{
    [Fact]
    public async Task GetQuota_FreshTenant_ShowsTheDefaultsAndWhatItUses()
    {
        await using var host = await ApiHost.StartAsync(sqlite: true);
        using var client = host.Client(host.OperatorToken);
        (await client.PutAsJsonAsync("/v1/deployments/two", new { scenario = QuotaScenarios.Of("two", 2, memoryMiB: 200, networks: 2) })).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        var view = await client.GetFromJsonAsync<QuotaView>("/v1/tenants/acme/quota", ApiHost.Json);
        var own = await client.GetFromJsonAsync<QuotaView>("/v1/quota", ApiHost.Json);

        view!.Limits.ShouldBe(new QuotaLimits(64, 128, 256 * 1024, 32, 64, 50L * 1024 * 1024 * 1024));
        view.SchedFifo.ShouldBe("admin-only");
        view.Usage.ShouldBe(new QuotaUsage(2, 2, 400, 1, 2, 0));
        view.Set.ShouldBe(TenantQuota.Default);
        own.ShouldBe(view);
    }

    [Fact]
    public async Task SetQuota_Admin_ChangesOnlyTheFieldsGivenAndShowsThem()
    {
        await using var host = await ApiHost.StartAsync(sqlite: true, controller: false);
        using var admin = host.Client(host.AdminToken);

        (await admin.PutAsJsonAsync("/v1/tenants/globex/quota", new { vms = 3 })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var response = await admin.PutAsJsonAsync("/v1/tenants/globex/quota", new { memoryMiB = 1024, schedFifo = true });

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var view = await response.Content.ReadFromJsonAsync<QuotaView>(ApiHost.Json);
        view!.Set.ShouldBe(new TenantQuota(Vms: 3, MemoryMiB: 1024, SchedFifo: true));
        view.Limits.Vms.ShouldBe(3);
        view.Limits.MemoryMiB.ShouldBe(1024);
        view.Limits.Deployments.ShouldBe(QuotaDefaults.Deployments);
        view.SchedFifo.ShouldBe("allow");
    }

    [Fact]
    public async Task SetQuota_OperatorToken_Returns403AndChangesNothing()
    {
        await using var host = await ApiHost.StartAsync(sqlite: true, controller: false);
        using var client = host.Client(host.OperatorToken);

        var response = await client.PutAsJsonAsync("/v1/tenants/acme/quota", new { vms = 1000 });

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await client.GetFromJsonAsync<QuotaView>("/v1/quota", ApiHost.Json))!.Limits.Vms.ShouldBe(QuotaDefaults.Vms);
    }

    [Fact]
    public async Task GetQuota_AnotherTenantsQuota_Returns404ForANonAdmin()
    {
        await using var host = await ApiHost.StartAsync(sqlite: true, controller: false);
        using var client = host.Client(host.OtherTenantToken);

        (await client.GetAsync("/v1/tenants/acme/quota")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetAsync("/v1/tenants/globex/quota")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("{\"vms\":-1}", "vms")]
    [InlineData("{\"memoryMiB\":9223372036854775807}", "memoryMiB")]
    [InlineData("{}", "body")]
    [InlineData("{\"vm\":3}", "vm")]
    public async Task SetQuota_BadBody_Returns400NamingTheField(string body, string field)
    {
        await using var host = await ApiHost.StartAsync(sqlite: true, controller: false);
        using var admin = host.Client(host.AdminToken);

        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        var response = await admin.PutAsync("/v1/tenants/acme/quota", content);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await DeploymentEndpointsTests.ErrorsAsync(response)).Keys.ShouldBe([field]);
    }

    [Fact]
    public async Task Deploy_MoreVmsThanTheQuota_Returns422NamingTheFieldTheRuleAndTheUsage()
    {
        await using var host = await ApiHost.StartAsync(sqlite: true);
        using var admin = host.Client(host.AdminToken);
        using var client = host.Client(host.OperatorToken);
        (await admin.PutAsJsonAsync("/v1/tenants/acme/quota", new { vms = 4, vlans = 1 })).EnsureSuccessStatusCode();
        (await client.PutAsJsonAsync("/v1/deployments/one", new { scenario = QuotaScenarios.Of("one", 1) })).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        var response = await client.PutAsJsonAsync("/v1/deployments/four", new { scenario = QuotaScenarios.Of("four", 4) });

        response.StatusCode.ShouldBe((HttpStatusCode)422);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("title").GetString().ShouldBe("quota exceeded");
        var violations = problem.GetProperty("violations").Deserialize<List<QuotaViolationView>>(ApiHost.Json)!;
        violations.Select(v => (v.Field, v.Rule, v.Limit, v.Usage, v.Requested)).ShouldBe([("scenario", "vms", 4L, 1L, 4L), ("scenario", "vlans", 1L, 1L, 1L)]);
        var errors = problem.GetProperty("errors").Deserialize<Dictionary<string, string[]>>()!;
        errors["scenario"][0].ShouldBe("quota vms: tenant \"acme\" may use 4 VMs and uses 1 without this deployment, which asks for 4 (5 > 4)");
        (await client.GetFromJsonAsync<List<DeploymentView>>("/v1/deployments", ApiHost.Json))!.Select(d => d.Name).ShouldBe(["one"]);
    }

    [Fact]
    public async Task Deploy_SameContentAgainWhileOverALoweredQuota_IsAcceptedUnchanged()
    {
        await using var host = await ApiHost.StartAsync(sqlite: true, controller: false);
        using var admin = host.Client(host.AdminToken);
        using var client = host.Client(host.OperatorToken);
        var scenario = QuotaScenarios.Of("lab", 3);
        (await client.PutAsJsonAsync("/v1/deployments/lab", new { scenario })).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await admin.PutAsJsonAsync("/v1/tenants/acme/quota", new { vms = 2 })).EnsureSuccessStatusCode();

        (await client.PutAsJsonAsync("/v1/deployments/lab", new { scenario })).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await client.PutAsJsonAsync("/v1/deployments/lab", new { scenario = QuotaScenarios.Of("lab", 2) })).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await client.PutAsJsonAsync("/v1/deployments/lab", new { scenario = QuotaScenarios.Of("lab", 3) })).StatusCode.ShouldBe((HttpStatusCode)422);
    }

    [Fact]
    public async Task Deploy_AfterAnUndeploy_CountsOnlyWhatIsLeft()
    {
        await using var host = await ApiHost.StartAsync(sqlite: true, controller: false);
        using var admin = host.Client(host.AdminToken);
        using var client = host.Client(host.OperatorToken);
        (await admin.PutAsJsonAsync("/v1/tenants/acme/quota", new { deployments = 1 })).EnsureSuccessStatusCode();
        (await client.PutAsJsonAsync("/v1/deployments/a", new { scenario = QuotaScenarios.Of("a", 1) })).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await client.PutAsJsonAsync("/v1/deployments/b", new { scenario = QuotaScenarios.Of("b", 1) })).StatusCode.ShouldBe((HttpStatusCode)422);

        (await client.DeleteAsync("/v1/deployments/a")).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        (await client.PutAsJsonAsync("/v1/deployments/b", new { scenario = QuotaScenarios.Of("b", 1) })).StatusCode.ShouldBe(HttpStatusCode.Accepted);
    }

    [Fact]
    public async Task Deploy_TwentyConcurrentSubmissionsOfOneTenant_AdmitExactlyTheQuota()
    {
        await using var host = await ApiHost.StartAsync(sqlite: true, controller: false);
        using var admin = host.Client(host.AdminToken);
        (await admin.PutAsJsonAsync("/v1/tenants/acme/quota", new { vms = 10 })).EnsureSuccessStatusCode();

        // Each asks for 2 VMs: five fit. Twenty clients start together; without the admission fence several read the
        // same usage and all pass.
        using var start = new ManualResetEventSlim();
        var submissions = Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            using var client = host.Client(host.OperatorToken);
            start.Wait();
            return (await client.PutAsJsonAsync($"/v1/deployments/d{i}", new { scenario = QuotaScenarios.Of($"d{i}", 2) })).StatusCode;
        })).ToList();
        start.Set();
        var answers = await Task.WhenAll(submissions);

        answers.Count(a => a == HttpStatusCode.Accepted).ShouldBe(5);
        answers.Count(a => a == (HttpStatusCode)422).ShouldBe(15);
        using var client = host.Client(host.OperatorToken);
        (await client.GetFromJsonAsync<QuotaView>("/v1/quota", ApiHost.Json))!.Usage.Vms.ShouldBe(10);
    }

    [Fact]
    public async Task Deploy_TenantAtItsQuota_AnotherTenantsDeployStillSucceeds()
    {
        // The soak's finding: a tenant's accepted scenarios took the host's memory and another tenant's deploys failed.
        // The host offers 16384 MiB; acme may have 4096.
        await using var host = await ApiHost.StartAsync(sqlite: true);
        using var admin = host.Client(host.AdminToken);
        using var acme = host.Client(host.OperatorToken);
        using var globex = host.Client(host.OtherTenantToken);
        (await admin.PutAsJsonAsync("/v1/tenants/acme/quota", new { memoryMiB = 4096 })).EnsureSuccessStatusCode();
        var accepted = 0;
        HttpResponseMessage refused;
        while (true)
        {
            var response = await acme.PutAsJsonAsync($"/v1/deployments/hog{accepted}", new { scenario = QuotaScenarios.Of($"hog{accepted}", 2, memoryMiB: 1024) });
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                refused = response;
                break;
            }

            accepted++;
            accepted.ShouldBeLessThanOrEqualTo(2, "acme got past its 4096 MiB quota");
        }

        accepted.ShouldBe(2);
        refused.StatusCode.ShouldBe((HttpStatusCode)422);
        (await acme.GetFromJsonAsync<QuotaView>("/v1/quota", ApiHost.Json))!.Usage.MemoryMiB.ShouldBe(4096);

        var deploy = await globex.PutAsJsonAsync("/v1/deployments/work", new { scenario = QuotaScenarios.Of("work", 4, memoryMiB: 1024) });

        deploy.StatusCode.ShouldBe(HttpStatusCode.Accepted, await deploy.Content.ReadAsStringAsync());
        var operation = await ApiHost.WaitForOperationAsync(globex, deploy.Headers.Location!.ToString(), TimeSpan.FromSeconds(60));
        operation.State.ShouldBe(OperationState.COMPLETED, operation.Error);
    }

    [Fact]
    public async Task Deploy_RealTimePriorityByAnOperator_Returns422UntilTheQuotaAllowsIt()
    {
        await using var host = await ApiHost.StartAsync(sqlite: true, controller: false);
        using var admin = host.Client(host.AdminToken);
        using var client = host.Client(host.OperatorToken);
        var scenario = QuotaScenarios.Of("rt", 1, realTimePriority: 99);

        var refused = await client.PutAsJsonAsync("/v1/deployments/rt", new { scenario });
        var byAdmin = await admin.PutAsJsonAsync("/v1/deployments/rt-admin", new { scenario = QuotaScenarios.Of("rt-admin", 1, realTimePriority: 10) });
        (await admin.PutAsJsonAsync("/v1/tenants/acme/quota", new { schedFifo = true })).EnsureSuccessStatusCode();
        var allowed = await client.PutAsJsonAsync("/v1/deployments/rt", new { scenario });
        (await admin.PutAsJsonAsync("/v1/tenants/acme/quota", new { schedFifo = false })).EnsureSuccessStatusCode();
        var deniedForAdminToo = await admin.PutAsJsonAsync("/v1/deployments/rt2", new { scenario = QuotaScenarios.Of("rt2", 1, realTimePriority: 10) });

        refused.StatusCode.ShouldBe((HttpStatusCode)422);
        (await DeploymentEndpointsTests.ErrorsAsync(refused))["scenario"].ShouldHaveSingleItem().ShouldStartWith("quota schedFifo: tenant \"acme\" may not use SCHED_FIFO (qos.realTimePriority) but vm vm0 ask for it");
        byAdmin.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        allowed.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        deniedForAdminToo.StatusCode.ShouldBe((HttpStatusCode)422);
    }

    [Fact]
    public async Task VmResize_MemoryOverTheQuotaOrTheHost_Returns422NamingTheField()
    {
        await using var host = await ApiHost.StartAsync(sqlite: true);
        using var admin = host.Client(host.AdminToken);
        using var client = host.Client(host.OperatorToken);
        (await admin.PutAsJsonAsync("/v1/tenants/acme/quota", new { memoryMiB = 8192, vcpus = 2 })).EnsureSuccessStatusCode();
        var deploy = await client.PutAsJsonAsync("/v1/deployments/lab", new { scenario = QuotaScenarios.Of("lab", 2, memoryMiB: 1024) });
        (await ApiHost.WaitForOperationAsync(client, deploy.Headers.Location!.ToString())).State.ShouldBe(OperationState.COMPLETED);

        var overQuota = await client.PostAsJsonAsync("/v1/deployments/lab/vms/vm0/resize", new { memoryLimitMiB = 8000 });
        var cpuOverQuota = await client.PostAsJsonAsync("/v1/deployments/lab/vms/vm0/resize", new { cpuQuotaPercent = 300 });
        (await admin.PutAsJsonAsync("/v1/tenants/acme/quota", new { memoryMiB = 1024 * 1024 })).EnsureSuccessStatusCode();
        var overHost = await client.PostAsJsonAsync("/v1/deployments/lab/vms/vm0/resize", new { memoryLimitMiB = 20000 });
        var withinBoth = await client.PostAsJsonAsync("/v1/deployments/lab/vms/vm0/resize", new { memoryLimitMiB = 7168 });

        overQuota.StatusCode.ShouldBe((HttpStatusCode)422);
        var violation = (await overQuota.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("violations")[0];
        (violation.GetProperty("field").GetString(), violation.GetProperty("rule").GetString(), violation.GetProperty("usage").GetInt64()).ShouldBe(("memoryLimitMiB", "memoryMiB", 1024L));
        (await DeploymentEndpointsTests.ErrorsAsync(cpuOverQuota)).Keys.ShouldBe(["cpuQuotaPercent"]);
        overHost.StatusCode.ShouldBe((HttpStatusCode)422);
        (await overHost.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("violations")[0].GetProperty("rule").GetString().ShouldBe("hostMemory");

        // Within both bounds the request reaches the host: the fake driver cannot resize, and says so.
        withinBoth.StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }
}

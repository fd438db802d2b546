using System.Net;
using System.Net.Http.Json;
using Nines.Api.Contracts;
using Nines.Api.Tests.Support;
using Nines.Contracts.Model;

namespace Nines.Api.Tests.Endpoints;

public sealed class VmEndpointsTests
{
    [Fact]
    public async Task VmAction_PauseThenResume_RoutedToTheAgentAndShown()
    {
        await using var host = await ApiHost.StartAsync(sqlite: false);
        using var client = host.Client(host.OperatorToken);
        var deployed = await ApiHost.DeployTutorialAsync(client);
        (await ApiHost.WaitForOperationAsync(client, deployed.Headers.Location!.ToString())).State.ShouldBe(OperationState.COMPLETED);

        var paused = await client.PostAsJsonAsync("/v1/deployments/tutorial/vms/uml1/actions", new { action = "pause" });

        paused.StatusCode.ShouldBe(HttpStatusCode.OK, await paused.Content.ReadAsStringAsync());
        (await paused.Content.ReadFromJsonAsync<VmView>(ApiHost.Json))!.State.ShouldBe("Paused");
        (await client.GetFromJsonAsync<VmView>("/v1/deployments/tutorial/vms/uml1", ApiHost.Json))!.State.ShouldBe("Paused");
        (await client.GetFromJsonAsync<VmView>("/v1/deployments/tutorial/vms/uml2", ApiHost.Json))!.State.ShouldBe("Running");

        var resumed = await client.PostAsJsonAsync("/v1/deployments/tutorial/vms/uml1/actions", new { action = "resume" });

        (await resumed.Content.ReadFromJsonAsync<VmView>(ApiHost.Json))!.State.ShouldBe("Running");
        (await client.GetFromJsonAsync<VmView>("/v1/deployments/tutorial/vms/uml1", ApiHost.Json))!.State.ShouldBe("Running");
    }

    [Fact]
    public async Task VmAction_IllegalInState_Returns409AndChangesNothing()
    {
        await using var host = await ApiHost.StartAsync(sqlite: false);
        using var client = host.Client(host.OperatorToken);
        var deployed = await ApiHost.DeployTutorialAsync(client);
        (await ApiHost.WaitForOperationAsync(client, deployed.Headers.Location!.ToString())).State.ShouldBe(OperationState.COMPLETED);

        var response = await client.PostAsJsonAsync("/v1/deployments/tutorial/vms/uml1/actions", new { action = "resume" });

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await client.GetFromJsonAsync<VmView>("/v1/deployments/tutorial/vms/uml1", ApiHost.Json))!.State.ShouldBe("Running");
    }

    [Fact]
    public async Task VmAction_UnknownActionValue_Returns400NamingAction()
    {
        await using var host = await ApiHost.StartAsync(sqlite: false);
        using var client = host.Client(host.OperatorToken);
        (await ApiHost.DeployTutorialAsync(client)).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        var response = await client.PostAsJsonAsync("/v1/deployments/tutorial/vms/uml1/actions", new { action = "explode" });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await DeploymentEndpointsTests.ErrorsAsync(response)).Keys.ShouldBe(["action"]);
    }

    [Fact]
    public async Task Kpis_RunningVm_ReturnsSampleFromTheAgent()
    {
        await using var host = await ApiHost.StartAsync(sqlite: false);
        using var client = host.Client(host.ViewerToken);
        using var operatorClient = host.Client(host.OperatorToken);
        var deployed = await ApiHost.DeployTutorialAsync(operatorClient);
        (await ApiHost.WaitForOperationAsync(client, deployed.Headers.Location!.ToString())).State.ShouldBe(OperationState.COMPLETED);

        var kpis = await client.GetFromJsonAsync<VmKpisView>("/v1/deployments/tutorial/vms/uml3/kpis", ApiHost.Json);

        kpis!.Vm.ShouldBe("uml3");
        kpis.State.ShouldBe("Running");
        kpis.Vcpus.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Hosts_List_ShowsTheRegisteredHost()
    {
        await using var host = await ApiHost.StartAsync(sqlite: false);
        using var client = host.Client(host.ViewerToken);

        var hosts = await client.GetFromJsonAsync<List<HostRecord>>("/v1/hosts", ApiHost.Json);

        hosts!.Select(h => h.Name).ShouldBe([ApiHost.HostName]);
    }
}

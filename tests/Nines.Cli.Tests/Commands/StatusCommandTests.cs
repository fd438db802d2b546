using System.Text.Json;
using Nines.Cli.Tests.Support;

namespace Nines.Cli.Tests.Commands;

public sealed class StatusCommandTests
{
    [Fact]
    public async Task StatusAndVmList_JsonOutput_ParseAndShowTheFiveVms()
    {
        await using var controller = await TestController.StartAsync();
        await controller.DeployTutorialAsync();

        var status = await controller.RunAsync("status", "tutorial", "--output", "json");
        var list = await controller.RunAsync("vm", "list", "tutorial", "--output", "json");
        var all = await controller.RunAsync("status", "-o", "json");

        status.ExitCode.ShouldBe(0, status.Error);
        using var statusJson = JsonDocument.Parse(status.Out);
        statusJson.RootElement.GetProperty("deployment").GetProperty("name").GetString().ShouldBe("tutorial");
        statusJson.RootElement.GetProperty("vms").GetArrayLength().ShouldBe(5);
        statusJson.RootElement.GetProperty("kpis").GetProperty("uml3").GetProperty("state").GetString().ShouldBe("Running");
        using var listJson = JsonDocument.Parse(list.Out);
        listJson.RootElement.EnumerateArray().Select(v => v.GetProperty("name").GetString()).ShouldBe(["uml1", "uml2", "uml3", "uml4", "uml5"]);
        listJson.RootElement.EnumerateArray().ShouldAllBe(v => v.GetProperty("state").GetString() == "Running");
        using var allJson = JsonDocument.Parse(all.Out);
        allJson.RootElement.GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task Status_OneDeploymentAsTable_ShowsEachVmWithKpis()
    {
        await using var controller = await TestController.StartAsync();
        await controller.DeployTutorialAsync();

        var status = await controller.RunAsync("status", "tutorial");

        status.ExitCode.ShouldBe(0, status.Error);
        status.Out.ShouldContain("phase Running");
        status.Out.ShouldMatch(@"(?m)^uml5\s+local\s+Running\s+yes\s+\d+\.\d\s+\d");
    }

    [Fact]
    public async Task Status_ALoopRestarting_ShowsTheControllerDegradedWithThatLoop()
    {
        await using var controller = await TestController.StartAsync();
        var healthy = await controller.RunAsync("status");
        using var stop = new CancellationTokenSource();
        var failing = new Nines.Controller.Supervision.LoopSupervisor(controller.Host.Embedded!.Loops, new Nines.Testing.FakeTimeProvider())
            .RunAsync("test/failing", _ => throw new InvalidOperationException("boom"), stop.Token);

        var degraded = await controller.RunAsync("status");
        await stop.CancelAsync();
        await failing;

        healthy.ExitCode.ShouldBe(0, healthy.Error);
        healthy.Out.ShouldStartWith("controller: ok");
        healthy.Out.ShouldContain("loops running");
        degraded.ExitCode.ShouldBe(0, degraded.Error);
        degraded.Out.ShouldStartWith("controller: degraded");
        degraded.Out.ShouldMatch(@"(?m)^  loop test/failing: restarting \(restarts 1, last error InvalidOperationException at \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ\)$");
        degraded.Out.ShouldNotContain("boom");
    }

    [Fact]
    public async Task Status_OtherTenantsDeployment_Exits5NotFound()
    {
        await using var controller = await TestController.StartAsync();
        await controller.DeployTutorialAsync();
        var other = (await controller.RunAsync("token", "create", "--role", "operator", "--tenant", "globex")).Out.Trim();

        var status = await controller.RunAsync(["status", "tutorial"], other);
        var undeploy = await controller.RunAsync(["undeploy", "tutorial"], other);
        var list = await controller.RunAsync(["status"], other);

        status.ExitCode.ShouldBe(5);
        status.Error.ShouldContain("deployment \"tutorial\" does not exist");
        undeploy.ExitCode.ShouldBe(5);
        list.Out.ShouldContain("no deployments");
        (await controller.RunAsync("status", "tutorial")).ExitCode.ShouldBe(0);
    }

    [Fact]
    public async Task HostsAndOperations_AfterDeploy_ListTheLocalHostAndTheDeployOperation()
    {
        await using var controller = await TestController.StartAsync();
        await controller.DeployTutorialAsync();

        var hosts = await controller.RunAsync("hosts");
        var operations = await controller.RunAsync("operations");
        var id = operations.Out.Split('\n')[1].Split(' ')[0];
        var operation = await controller.RunAsync("operations", id);

        hosts.Out.ShouldMatch(@"(?m)^local\s+local:");
        operations.Out.ShouldMatch(@"(?m)^op-[0-9a-f]+\s+Deploy\s+default/tutorial\s+COMPLETED");
        operation.ExitCode.ShouldBe(0, operation.Error);
        operation.Out.ShouldContain($"{id}: Deploy default/tutorial generation 1: COMPLETED");
        operation.Out.ShouldMatch(@"(?m)^uml4\s+ready\s+100%");
    }
}

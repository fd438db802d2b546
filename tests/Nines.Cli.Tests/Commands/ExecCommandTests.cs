using System.Text.Json;
using Nines.Cli.Tests.Support;

namespace Nines.Cli.Tests.Commands;

public sealed class ExecCommandTests
{
    [Fact]
    public async Task Exec_OneCommand_PrintsTheGuestsOutputAndExitsWithItsCode()
    {
        await using var controller = await TestController.StartAsync();
        await controller.DeployTutorialAsync();

        var result = await controller.RunAsync("exec", "tutorial", "--vm", "uml1", "--", "echo", "hi");
        var json = await controller.RunAsync("exec", "tutorial", "--vm", "uml1", "-o", "json", "--", "ip", "-4", "addr");

        // The fake guest answers every command it has no rule for with exit 0 and no output.
        result.ExitCode.ShouldBe(0, result.Error);
        result.Out.ShouldBeEmpty();
        json.ExitCode.ShouldBe(0, json.Error);
        using var document = JsonDocument.Parse(json.Out);
        document.RootElement.GetProperty("exitCode").GetInt32().ShouldBe(0);
        var events = await controller.RunAsync("events");
        events.Out.ShouldContain("vm \"uml1\": echo hi → exit 0");
        events.Out.ShouldContain("vm \"uml1\": ip -4 addr → exit 0");
    }

    [Fact]
    public async Task Exec_CommandWithoutOneVm_IsAUsageError()
    {
        await using var controller = await TestController.StartAsync();

        var result = await controller.RunAsync("exec", "tutorial", "--", "echo", "hi");

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("exactly one --vm");
    }

    [Fact]
    public async Task Exec_Sequence_RunsItAsAnOperationAndPrintsPerVmResults()
    {
        await using var controller = await TestController.StartAsync();
        await controller.DeployTutorialAsync();

        var result = await controller.RunAsync("exec", "tutorial", "enable-routing");

        result.ExitCode.ShouldBe(0, result.Error);
        result.Out.ShouldContain("exec default/tutorial");
        result.Out.ShouldMatch(@"(?m)^uml4\s+done");
    }

    [Fact]
    public async Task Exec_UnknownSequence_Exits1NamingTheField()
    {
        await using var controller = await TestController.StartAsync();
        await controller.DeployTutorialAsync();

        var result = await controller.RunAsync("exec", "tutorial", "nope");

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain("sequence: unknown sequence \"nope\"");
    }
}

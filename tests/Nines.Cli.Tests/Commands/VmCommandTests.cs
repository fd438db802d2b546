using Nines.Cli.Tests.Support;

namespace Nines.Cli.Tests.Commands;

public sealed class VmCommandTests
{
    [Fact]
    public async Task VmPauseThenResume_ChangesTheVmsStateAndShowsIt()
    {
        await using var controller = await TestController.StartAsync();
        await controller.DeployTutorialAsync();

        var paused = await controller.RunAsync("vm", "pause", "tutorial", "uml1");
        var shownPaused = await controller.RunAsync("vm", "show", "tutorial", "uml1");
        var resumed = await controller.RunAsync("vm", "resume", "tutorial", "uml1");
        var shownRunning = await controller.RunAsync("vm", "show", "tutorial", "uml1");

        paused.ExitCode.ShouldBe(0, paused.Error);
        paused.Out.ShouldContain("tutorial/uml1: pause → Paused");
        shownPaused.Out.ShouldContain("state:       Paused");
        resumed.Out.ShouldContain("tutorial/uml1: resume → Running");
        shownRunning.Out.ShouldContain("state:       Running");
    }

    [Fact]
    public async Task VmResume_RunningVm_Exits4WithTheDriversReason()
    {
        await using var controller = await TestController.StartAsync();
        await controller.DeployTutorialAsync();

        var result = await controller.RunAsync("vm", "resume", "tutorial", "uml2");

        result.ExitCode.ShouldBe(4);
        result.Error.ShouldContain("invalid-state");
    }

    [Fact]
    public async Task VmResize_DriverWithoutResize_Exits4WithUnsupportedOperation()
    {
        await using var controller = await TestController.StartAsync();
        await controller.DeployTutorialAsync();

        var result = await controller.RunAsync("vm", "resize", "tutorial", "uml1", "--memory", "256", "--cpu-quota", "50");

        result.ExitCode.ShouldBe(4);
        result.Error.ShouldContain("unsupported-operation: the fake driver does not support Resize");
    }

    [Fact]
    public async Task VmResize_OutOfRangeValue_Exits1NamingTheField()
    {
        await using var controller = await TestController.StartAsync();
        await controller.DeployTutorialAsync();

        var result = await controller.RunAsync("vm", "resize", "tutorial", "uml1", "--cpu-shares", "1");

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain("cpuShares: 1 is out of range");
    }

    [Fact]
    public async Task VmKpis_RunningVm_PrintsTheSample()
    {
        await using var controller = await TestController.StartAsync();
        await controller.DeployTutorialAsync();

        var result = await controller.RunAsync("vm", "kpis", "tutorial", "uml3");

        result.ExitCode.ShouldBe(0, result.Error);
        result.Out.ShouldContain("vm uml3: Running");
        result.Out.ShouldContain("nic 1: received");
    }

    [Fact]
    public async Task VmShow_UnknownVm_Exits5()
    {
        await using var controller = await TestController.StartAsync();
        await controller.DeployTutorialAsync();

        var result = await controller.RunAsync("vm", "show", "tutorial", "uml9");

        result.ExitCode.ShouldBe(5);
        result.Error.ShouldContain("vm \"uml9\"");
    }
}

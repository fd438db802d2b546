using System.Net;
using System.Net.Sockets;
using Nines.Cli.Tests.Support;

namespace Nines.Cli.Tests.Commands;

public sealed class DeployCommandTests
{
    private static readonly string[] _tutorialVms = ["uml1", "uml2", "uml3", "uml4", "uml5"];

    [Fact]
    public async Task Deploy_Tutorial_ExitsZeroWithProgressForEveryVmAndHowToReachThem()
    {
        await using var controller = await TestController.StartAsync();

        var result = await controller.DeployTutorialAsync();

        result.Out.ShouldContain("deploy default/tutorial");
        result.Out.ShouldContain(": COMPLETED");
        foreach (var vm in _tutorialVms)
        {
            result.Out.ShouldContain($"  {vm}: ready 100%");
            result.Out.ShouldMatch($@"(?m)^{vm}\s+local\s+Running\s+10\.0\.");
        }

        result.Out.ShouldContain("10.0.3.1/24 (Net3)");
        result.Out.ShouldContain("nines exec tutorial --vm uml1 -- ip addr");
    }

    [Fact]
    public async Task Deploy_SameScenarioAgain_UpdatesInPlaceAndStillCompletes()
    {
        await using var controller = await TestController.StartAsync();
        await controller.DeployTutorialAsync();

        var again = await controller.DeployTutorialAsync();

        again.Out.ShouldContain(": COMPLETED");
        var status = await controller.RunAsync("status");
        status.Out.ShouldMatch(@"(?m)^default\s+tutorial\s+tutorial-r1_xp\s+Running\s+5/5\s+1\s");
    }

    [Fact]
    public async Task Deploy_ScenarioWithErrors_Exits1WithFileLineColumnAndDeploysNothing()
    {
        await using var controller = await TestController.StartAsync();
        var broken = File.ReadAllText(CliRunner.Data("vnuml", "tutorial_root1_xp_sysprep.xml")).Replace("<mem>", "<mem>X", StringComparison.Ordinal);
        var file = CliRunner.TempFile("broken.xml", broken);

        var result = await controller.RunAsync("deploy", file);

        result.ExitCode.ShouldBe(1, result.Out + result.Error);
        result.Error.ShouldMatch($@"(?m)^{System.Text.RegularExpressions.Regex.Escape(file)}:\d+:\d+: error NX\d+: ");
        (await controller.RunAsync("status")).Out.ShouldContain("no deployments");
    }

    [Fact]
    public async Task Deploy_ViewerToken_RefusedWithExit3NamingTheRole()
    {
        await using var controller = await TestController.StartAsync();
        var viewer = (await controller.RunAsync("token", "create", "--role", "viewer", "--tenant", "default")).Out.Trim();

        var result = await controller.RunAsync(["deploy", CliRunner.Data("vnuml", "tutorial_root1_xp_sysprep.xml")], viewer);

        result.ExitCode.ShouldBe(3);
        result.Error.ShouldContain("the token's role does not allow this operation");
        (await controller.RunAsync("status")).Out.ShouldContain("no deployments");
    }

    [Fact]
    public async Task Deploy_MissingFile_ExitsWithUsageCodeNamingTheFile()
    {
        var result = await CliRunner.RunWithEnvironmentAsync(new Dictionary<string, string>(), "deploy", "/nonexistent/scenario.xml", "--controller", "http://127.0.0.1:9");

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("/nonexistent/scenario.xml");
    }

    [Fact]
    public async Task Status_ExplicitControllerNotAnswering_Exits3WithoutStartingOne()
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        var home = Directory.CreateTempSubdirectory("nines-cli-home-").FullName;
        try
        {
            var environment = new Dictionary<string, string> { ["NINES_CONTROLLER"] = url, ["NINES_HOME"] = home, ["NINES_DRIVER"] = "fake" };

            var status = await CliRunner.RunWithEnvironmentAsync(environment, "status");
            var deploy = await CliRunner.RunWithEnvironmentAsync(environment, "deploy", CliRunner.Data("vnuml", "tutorial_root1_xp_sysprep.xml"));

            status.ExitCode.ShouldBe(3);
            status.Error.ShouldContain("does not answer");
            deploy.ExitCode.ShouldBe(3);
            deploy.Error.ShouldContain(url);
            deploy.Error.ShouldNotContain("starting the embedded one");
            Directory.Exists(Path.Combine(home, "data")).ShouldBeFalse();
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    [Fact]
    public async Task Status_NothingConfiguredOrRunning_Exits3SayingHowToStartOne()
    {
        var home = Directory.CreateTempSubdirectory("nines-cli-home-").FullName;
        try
        {
            var status = await CliRunner.RunWithEnvironmentAsync(new Dictionary<string, string> { ["NINES_HOME"] = home }, "status");

            status.ExitCode.ShouldBe(3);
            status.Error.ShouldContain("nines up --background");
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

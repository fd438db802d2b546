using System.Text.Json;
using Nines.Cli.Tests.Support;

namespace Nines.Cli.Tests.Commands;

public sealed class UndeployCommandTests
{
    [Fact]
    public async Task Undeploy_Deployed_RemovesEveryVmAndTheEventsTellTheStory()
    {
        await using var controller = await TestController.StartAsync();
        await controller.DeployTutorialAsync();
        var before = JsonDocument.Parse((await controller.RunAsync("events", "-o", "json")).Out);
        var lastSequence = before.RootElement.GetProperty("events").EnumerateArray().Last().GetProperty("sequence").GetString()!;

        var result = await controller.RunAsync("undeploy", "tutorial");
        var after = await controller.RunAsync("events", "--after", lastSequence);

        result.ExitCode.ShouldBe(0, result.Error);
        foreach (var vm in new[] { "uml1", "uml2", "uml3", "uml4", "uml5" })
        {
            result.Out.ShouldContain($"  {vm}: removed 100%");
        }

        (await controller.RunAsync("status")).Out.ShouldContain("no deployments");
        after.Out.ShouldContain("UndeployStarted default/tutorial");
        after.Out.ShouldContain("UndeployCompleted default/tutorial");
        after.Out.ShouldNotMatch(@"\bDeployCompleted default/tutorial");
    }

    [Fact]
    public async Task Undeploy_Unknown_Exits5()
    {
        await using var controller = await TestController.StartAsync();

        var result = await controller.RunAsync("undeploy", "nothing-here");

        result.ExitCode.ShouldBe(5);
    }

    [Fact]
    public async Task EventsFollow_UntilCancelled_PrintsEventsAsTheyHappen()
    {
        await using var controller = await TestController.StartAsync();
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var stop = new CancellationTokenSource();
        var context = new CliContext(TextWriter.Synchronized(output), error, Environment: _ => null);
        var follow = NinesCli.RunAsync(["events", "--follow", "--controller", controller.Url, "--token", controller.Host.AdminToken], context, stop.Token);

        await controller.DeployTutorialAsync();
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20)))
        {
            while (!output.ToString().Contains("DeployCompleted", StringComparison.Ordinal))
            {
                await Task.Delay(50, deadline.Token);
            }
        }

        await stop.CancelAsync();
        (await follow).ShouldBe(0, error.ToString());
        output.ToString().ShouldContain("DeployStarted default/tutorial");
    }
}

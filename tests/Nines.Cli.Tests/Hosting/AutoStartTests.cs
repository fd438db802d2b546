using System.Diagnostics;
using System.Text.Json;
using Nines.Cli.Hosting;

namespace Nines.Cli.Tests.Hosting;

/// <summary>
/// The built CLI as a user runs it: with nothing configured, <c>deploy</c> starts the embedded controller in the
/// background (fake driver through NINES_DRIVER), later commands find it through DATA/controller.json, and
/// <c>down</c> stops it.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class AutoStartTests
{
    [Fact]
    public async Task Deploy_NothingRunning_StartsTheBackgroundControllerThatStatusUsesAndDownStops()
    {
        var home = Directory.CreateTempSubdirectory("nines-cli-auto-").FullName;
        var data = Path.Combine(home, "data");
        try
        {
            var deploy = await RunCliAsync(home, "deploy", CliRunner.Data("vnuml", "tutorial_root1_xp_sysprep.xml"), "--name", "tutorial");

            deploy.ExitCode.ShouldBe(0, deploy.Out + deploy.Error);
            deploy.Error.ShouldContain("no controller answers; starting the embedded one in the background");
            deploy.Out.ShouldContain(": COMPLETED");
            File.GetUnixFileMode(Path.Combine(data, AdminTokenFile.FileName)).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
            var info = ControllerInfo.TryRead(data)!;
            info.Pid.ShouldNotBe(Environment.ProcessId);

            var status = await RunCliAsync(home, "status", "--output", "json");

            status.ExitCode.ShouldBe(0, status.Error);
            status.Error.ShouldNotContain("starting");
            using var document = JsonDocument.Parse(status.Out);
            document.RootElement.EnumerateArray().Single().GetProperty("status").GetProperty("phase").GetString().ShouldBe("Running");

            var down = await RunCliAsync(home, "down");

            down.ExitCode.ShouldBe(0, down.Out + down.Error);
            down.Out.ShouldContain($"stopping the controller (pid {info.Pid})");
            ControllerInfo.TryRead(data).ShouldBeNull();
            Process.GetProcesses().ShouldNotContain(p => p.Id == info.Pid);
            (await RunCliAsync(home, "status")).ExitCode.ShouldBe(3);
        }
        finally
        {
            if (ControllerInfo.TryRead(data) is { } info)
            {
                using var controller = Process.GetProcessById(info.Pid);
                controller.Kill();
                await controller.WaitForExitAsync();
            }

            Directory.Delete(home, recursive: true);
        }
    }

    private static async Task<CliResult> RunCliAsync(string home, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "nines.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["NINES_HOME"] = home;
        start.Environment["NINES_DRIVER"] = "fake";
        start.Environment["NINES_LISTEN"] = "127.0.0.1:0";
        start.Environment.Remove("NINES_CONTROLLER");
        start.Environment.Remove("NINES_TOKEN");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await output, await error);
    }
}

using Nines.Agent.Hosting;
using Nines.Cli.Commands;
using Nines.Cli.Hosting;

namespace Nines.Cli.Tests.Commands;

public sealed class DownCommandTests
{
    [Fact]
    public void Target_LastRunUsedAnotherNamespace_TearsDownThatOneNotTheDefault()
    {
        // A second `down` (the controller already gone) used to pick "nines" whenever it existed.
        var lastRun = new ControllerInfo("http://127.0.0.1:7409/", 1, "qemu", "lab-ns");

        DownCommand.Target(lastRun, defaultNamespaceExists: true).ShouldBe((EmbeddedDriverKind.Qemu, "lab-ns"));
    }

    [Fact]
    public void Target_LastRunInRootNamespace_NoNamespace()
    {
        var lastRun = new ControllerInfo("http://127.0.0.1:7409/", 1, "qemu", null);

        DownCommand.Target(lastRun, defaultNamespaceExists: true).ShouldBe((EmbeddedDriverKind.Qemu, (string?)null));
    }

    [Fact]
    public void Target_LastRunFake_Fake()
    {
        var lastRun = new ControllerInfo("http://127.0.0.1:7409/", 1, "fake", null);

        DownCommand.Target(lastRun, defaultNamespaceExists: false).Driver.ShouldBe(EmbeddedDriverKind.Fake);
    }

    [Theory]
    [InlineData(true, "nines")]
    [InlineData(false, null)]
    public void Target_NoRecordAtAll_WhatTheDefaultUpMade(bool defaultExists, string? expected)
    {
        DownCommand.Target(null, defaultExists).ShouldBe((EmbeddedDriverKind.Qemu, expected));
    }

    [Fact]
    public async Task Down_TwiceAfterAFakeRun_SecondSaysNothingRuns()
    {
        var data = Directory.CreateTempSubdirectory("nines-cli-down-").FullName;
        new ControllerInfo("http://127.0.0.1:1/", int.MaxValue - 1, "fake", "lab-ns").Write(data);
        File.Delete(ControllerInfo.PathIn(data));

        var first = await CliRunner.RunAsync("down", "--data", data);
        var second = await CliRunner.RunAsync("down", "--data", data);

        first.Out.ShouldContain("the fake driver's VMs ended with the controller");
        File.Exists(ControllerInfo.LastRunPathIn(data)).ShouldBeFalse();
        second.ExitCode.ShouldBe(0);
        second.Out.ShouldContain("nothing runs for");
    }
}

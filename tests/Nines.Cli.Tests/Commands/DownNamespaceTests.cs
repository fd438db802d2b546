using Nines.Agent.Hosting;
using Nines.Cli.Commands;
using Nines.Cli.Hosting;

namespace Nines.Cli.Tests.Commands;

/// <summary>
/// Which namespace <c>nines down</c> deletes after <c>nines up --netns OTHER</c>: the one <c>up</c> created, even when a
/// controller killed and started again found it already there (the QEMU chaos soak left its namespace behind that way),
/// and never one the user made.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DownNamespaceTests : IDisposable
{
    private readonly string _data = Path.Combine(Directory.CreateTempSubdirectory("nines-cli-down-ns-").FullName, "data");
    private readonly string _netns = $"nines-d{Environment.ProcessId % 100000}";

    [Fact]
    public void DeletesNamespace_RecordOwnsIt_OrDefault_Deletes_ButNotAUsersNamespace()
    {
        DownCommand.DeletesNamespace(new ControllerInfo("http://127.0.0.1:1/", 1, "qemu", "lab", OwnsNamespace: true), "lab").ShouldBeTrue();
        DownCommand.DeletesNamespace(new ControllerInfo("http://127.0.0.1:1/", 1, "qemu", "lab"), "lab").ShouldBeFalse();
        DownCommand.DeletesNamespace(null, NetworkNamespaceSetup.DefaultName).ShouldBeTrue();
        DownCommand.DeletesNamespace(null, null).ShouldBeFalse();
    }

    [Cluster.RequiresClusterHostFact]
    public async Task Down_AfterARestartFoundTheNamespaceUpCreated_DeletesIt()
    {
        await (await StartAsync()).DisposeAsync();
        var second = await StartAsync();
        second.Info.OwnsNamespace.ShouldBeTrue("the first start created it; the second found it");
        await second.DisposeAsync();

        var down = await CliRunner.RunAsync("down", "--data", _data);

        down.ExitCode.ShouldBe(0, down.Out + down.Error);
        File.Exists(Path.Combine("/run/netns", _netns)).ShouldBeFalse("the namespace `up` made goes with `down`");
    }

    [Cluster.RequiresClusterHostFact]
    public async Task Down_NamespaceTheUserMade_IsLeft()
    {
        (await new Nines.Networking.Commands.ProcessCommandRunner().RunAsync("ip", ["netns", "add", _netns], null, CancellationToken.None)).ThrowIfFailed();
        var host = await StartAsync();
        host.Info.OwnsNamespace.ShouldBeFalse();
        await host.DisposeAsync();

        var down = await CliRunner.RunAsync("down", "--data", _data);

        down.ExitCode.ShouldBe(0, down.Out + down.Error);
        File.Exists(Path.Combine("/run/netns", _netns)).ShouldBeTrue("a namespace the user made is theirs");
    }

    public void Dispose()
    {
        if (File.Exists(Path.Combine("/run/netns", _netns)))
        {
            using var delete = System.Diagnostics.Process.Start("ip", ["netns", "del", _netns]);
            delete.WaitForExit();
        }

        Directory.Delete(Path.GetDirectoryName(_data)!, recursive: true);
    }

    private Task<ControlPlaneServer> StartAsync() => ControlPlaneServer.StartAsync(
        new ControlPlaneServerOptions { DataDirectory = _data, Listen = "127.0.0.1:0", Driver = EmbeddedDriverKind.Qemu, NetworkNamespace = _netns },
        CancellationToken.None);
}

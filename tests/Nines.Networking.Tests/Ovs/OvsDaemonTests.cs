using Nines.Networking.Ovs;
using Nines.Networking.Tests.Support;

namespace Nines.Networking.Tests.Ovs;

public sealed class OvsDaemonTests
{
    [RequiresOvsFact]
    public async Task StartAsync_FreshNamespace_OwnsDaemonsAndDetectsDatapath()
    {
        await using var host = await OvsTestHost.StartAsync();

        host.Daemon.Owned.ShouldBeTrue();
        var kernelDatapath = Directory.Exists("/sys/module/openvswitch");
        host.Daemon.Datapath.ShouldBe(kernelDatapath ? OvsDatapath.System : OvsDatapath.Netdev);
        foreach (var file in new[] { "db.sock", "conf.db", "ovsdb-server.pid", "ovs-vswitchd.pid", "ovsdb-server.log", "ovs-vswitchd.log" })
        {
            File.Exists(Path.Combine(host.RunDirectory, file)).ShouldBeTrue(file);
        }

        (await host.Daemon.VsctlAsync(["list-br"], CancellationToken.None)).StandardOutput.ShouldNotContain("nines-probe");
    }

    [RequiresOvsFact]
    public async Task StartAsync_OurDaemonsAlreadyRunning_AdoptsThemAndStopEndsThem()
    {
        await using var host = await OvsTestHost.StartAsync();
        var pids = Pids(host.RunDirectory);
        (await host.Daemon.VsctlAsync(["add-br", "keep0"], CancellationToken.None)).ThrowIfFailed();

        var again = await OvsDaemon.StartAsync(new OvsDaemonOptions(host.RunDirectory), host.Runner, null, CancellationToken.None);

        again.Owned.ShouldBeTrue();
        Pids(host.RunDirectory).ShouldBe(pids);
        (await again.VsctlAsync(["list-br"], CancellationToken.None)).StandardOutput.ShouldContain("keep0");
        await again.StopAsync(CancellationToken.None);
        pids.ShouldAllBe(pid => !Directory.Exists($"/proc/{pid}") || File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal));
        File.Exists(Path.Combine(host.RunDirectory, "ovsdb-server.pid")).ShouldBeFalse();
    }

    [RequiresOvsFact]
    public async Task StartAsync_AfterStop_RestartsOnTheSameDatabase()
    {
        await using var host = await OvsTestHost.StartAsync();
        (await host.Daemon.VsctlAsync(["add-br", "keep0"], CancellationToken.None)).ThrowIfFailed();
        await host.Daemon.StopAsync(CancellationToken.None);

        var again = await OvsDaemon.StartAsync(new OvsDaemonOptions(host.RunDirectory), host.Runner, null, CancellationToken.None);
        try
        {
            again.Owned.ShouldBeTrue();
            (await again.VsctlAsync(["list-br"], CancellationToken.None)).StandardOutput.ShouldContain("keep0");
        }
        finally
        {
            await again.StopAsync(CancellationToken.None);
        }
    }

    private static string[] Pids(string runDirectory) =>
        [.. new[] { "ovsdb-server.pid", "ovs-vswitchd.pid" }.Select(f => File.ReadAllText(Path.Combine(runDirectory, f)).Trim())];
}

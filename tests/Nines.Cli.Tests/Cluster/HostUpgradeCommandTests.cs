namespace Nines.Cli.Tests.Cluster;

/// <summary>
/// <c>nines host upgrade</c> on a cluster made through the CLI (etcd, fake driver, agents with <c>--allow-hooks</c>):
/// each host's step as it happens, the versions each host reports, and the first failure ending it.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class HostUpgradeCommandTests
{
    [RequiresEtcdFact]
    public async Task HostUpgrade_TwoOfThreeHosts_EachDoneWithItsVersionsAndTheDeploymentRunsOn()
    {
        await using var cluster = await CliCluster.StartAsync();
        var controller = await cluster.StartControllerAsync("fake");
        foreach (var host in new[] { "host1", "host2", "host3" })
        {
            await cluster.StartAgentAsync(host, Path.Combine(cluster.Root, host), "fake", "--allow-hooks");
        }

        var hosts = await cluster.JsonAsync("hosts");
        hosts.EnumerateArray().ShouldAllBe(h => h.GetProperty("versions").GetProperty("kernel").GetString() == File.ReadAllText("/proc/sys/kernel/osrelease").Trim());
        var deploy = await cluster.RunAsync("deploy", CliRunner.Data("vnuml", "tutorial_root1_xp_sysprep.xml"), "--name", "tutorial", "--algorithm", "RoundRobin");
        deploy.ExitCode.ShouldBe(0, deploy.Out + deploy.Error);
        var marker = Path.Combine(cluster.Root, "upgraded");

        var upgrade = await cluster.RunAsync("host", "upgrade", "host1", "host2", "--hook", $"echo \"$NINES_HOST\" >> {marker}", "--hook-timeout", "2m");

        upgrade.ExitCode.ShouldBe(0, upgrade.Out + upgrade.Error);
        // Steps are printed as the CLI sees them (every 500 ms): the last of each host always, the ones between as caught.
        upgrade.Out.ShouldContain("host1: done (100%) — agent ");
        upgrade.Out.ShouldContain("host2: done (100%) — agent ");
        upgrade.Out.IndexOf("host1: done", StringComparison.Ordinal).ShouldBeLessThan(upgrade.Out.IndexOf("host2: done", StringComparison.Ordinal), "one host at a time, in order");
        upgrade.Out.ShouldContain("completed");
        (await File.ReadAllLinesAsync(marker)).ShouldBe(["host1", "host2"]);
        var vms = await cluster.JsonAsync("vm", "list", "tutorial");
        vms.GetArrayLength().ShouldBe(5);
        (await cluster.JsonAsync("hosts")).EnumerateArray().Count().ShouldBe(3);

        var failing = await cluster.RunAsync("host", "upgrade", "host3", "--hook", "echo 'no space left' >&2; exit 7");
        failing.ExitCode.ShouldBe(ExitCodes.OperationFailed, failing.Out);
        failing.Out.ShouldContain("host3: failed");
        failing.Out.ShouldContain("the hook exited 7: no space left");
        var drained = await cluster.RunAsync("host", "undrain", "host3");
        drained.ExitCode.ShouldBe(0, drained.Out + drained.Error);

        var refused = await cluster.RunAsync("host", "upgrade", "host1", "host9", "--hook", " ", "--max-unavailable", "3");
        refused.ExitCode.ShouldNotBe(0);
        refused.Error.ShouldContain("host9");
        refused.Error.ShouldContain("maxUnavailable");
        refused.Error.ShouldContain("hook");
        (await cluster.RunAsync("undeploy", "tutorial")).ExitCode.ShouldBe(0);
        (await CliCluster.StopAsync(controller)).ExitCode.ShouldBe(0);
    }

    [Fact]
    public async Task HostUpgrade_BadHookTimeout_UsageError()
    {
        var result = await CliRunner.RunAsync("host", "upgrade", "host1", "--hook", "true", "--hook-timeout", "soon");

        result.ExitCode.ShouldBe(ExitCodes.Usage);
        result.Error.ShouldContain("--hook-timeout \"soon\" is not a duration");
    }
}

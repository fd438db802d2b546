using Nines.Cli.Hosting;
using Nines.Networking.Commands;

namespace Nines.Cli.Tests.Cluster;

/// <summary>
/// <c>nines testbed up N --agents</c> makes N namespace hosts and a detached <c>nines agent</c> for each, registered in
/// etcd for a controller on <c>nines up --store</c>; <c>list</c> shows them; <c>down</c> stops the agents and removes
/// the namespaces. Fake driver: what is tested is the testbed and the agents' registration, not guests.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class TestbedCommandTests
{
    [RequiresClusterHostFact]
    public async Task TestbedUp_TwoHostsWithAgents_RegistersThemListsThemAndDownRemovesEverything()
    {
        await using var cluster = await CliCluster.StartAsync();
        await cluster.StartControllerAsync("fake");
        var baseDirectory = Path.Combine(cluster.Root, "tb");
        var up = await CliRunner.RunAsync("testbed", "up", "2", "--agents", "--store", cluster.Store, "--driver", "fake", "--secret-file", cluster.SecretFile, "--dir", baseDirectory);
        var id = Directory.EnumerateDirectories(baseDirectory).Select(Path.GetFileName).SingleOrDefault();
        try
        {
            up.ExitCode.ShouldBe(0, up.Out + up.Error);
            id.ShouldNotBeNull();
            up.Out.ShouldContain($"testbed {id}: 2 hosts, management 10.255.{id}.0/24");
            up.Out.ShouldContain($"10.255.{id}.1/24 (mgmt0)");
            var agents = Enumerable.Range(1, 2).Select(i => AgentInfo.TryRead(Path.Combine(baseDirectory, id, $"h{i}")).ShouldNotBeNull()).ToList();
            agents.Select(a => a.NetworkNamespace).ShouldBe([$"nines-tb-{id}-h1", $"nines-tb-{id}-h2"]);

            var hosts = await cluster.JsonAsync("hosts");
            hosts.EnumerateArray().Select(h => (h.GetProperty("name").GetString(), h.GetProperty("agentUrl").GetString()))
                .ShouldBe(agents.Select(a => ((string?)a.Host, (string?)a.Url)));
            hosts.EnumerateArray().ShouldAllBe(h => h.GetProperty("load").GetDouble() >= 0 && h.GetProperty("load").GetDouble() <= 1);
            var list = await CliRunner.RunAsync("testbed", "list", "--dir", baseDirectory);
            list.Out.ShouldContain($"nines-tb-{id}-h2");
            list.Out.ShouldContain(agents[1].Url);

            var down = await CliRunner.RunAsync("testbed", "down", id, "--dir", baseDirectory);

            down.ExitCode.ShouldBe(0, down.Out + down.Error);
            down.Out.ShouldContain($"testbed {id}: removed (2 hosts)");
            agents.ShouldAllBe(a => !IsRunning(a.Pid), "the agents are stopped");
            var namespaces = await new ProcessCommandRunner().RunAsync("ip", ["netns", "list"], null, CancellationToken.None);
            namespaces.StandardOutput.ShouldNotContain($"nines-tb-{id}-");
            Directory.Exists(Path.Combine(baseDirectory, id)).ShouldBeFalse();
            (await CliRunner.RunAsync("testbed", "list", "--dir", baseDirectory)).Out.ShouldContain("no testbed");
        }
        finally
        {
            if (id is not null)
            {
                await CliRunner.RunAsync("testbed", "down", id, "--dir", baseDirectory);
            }
        }
    }

    [Fact]
    public async Task TestbedUp_AgentsWithoutStoreOrZeroHosts_IsUsageError()
    {
        var noStore = await CliRunner.RunAsync("testbed", "up", "2", "--agents");
        var zero = await CliRunner.RunAsync("testbed", "up", "0");

        noStore.ExitCode.ShouldBe(2);
        noStore.Error.ShouldContain("--agents and --store go together");
        zero.ExitCode.ShouldBe(2);
        zero.Error.ShouldContain("a testbed has 1-253");
    }

    private static bool IsRunning(int pid) =>
        File.Exists($"/proc/{pid}/stat") && !File.ReadAllText($"/proc/{pid}/stat").Split(") ")[1].StartsWith('Z');
}

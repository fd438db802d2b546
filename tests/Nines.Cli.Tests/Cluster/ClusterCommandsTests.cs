using System.Text.Json;
using Nines.Testing;

namespace Nines.Cli.Tests.Cluster;

/// <summary>
/// A cluster on etcd with the fake driver, made and driven only through the CLI: <c>nines up --store</c>, three
/// <c>nines agent</c>s, <c>nines hosts</c>, <c>nines deploy</c> with per-host progress, and the controller's split
/// compared with what <c>nines plan --cluster</c> prints for the same hosts.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterCommandsTests
{
    private static string Tutorial => CliRunner.Data("vnuml", "tutorial_root1_xp_sysprep.xml");

    [RequiresEtcdFact]
    public async Task Deploy_TutorialOnThreeFakeAgentsWithRoundRobin_SplitsAsNinesPlanShows()
    {
        await using var cluster = await CliCluster.StartAsync();
        var controller = await cluster.StartControllerAsync("fake");
        foreach (var host in new[] { "host1", "host2", "host3" })
        {
            await cluster.StartAgentAsync(host, Path.Combine(cluster.Root, host), "fake", "--memory", "4096", "--vcpus", "4");
        }

        var hosts = await cluster.JsonAsync("hosts");
        hosts.EnumerateArray().Select(h => h.GetProperty("name").GetString()).ShouldBe(["host1", "host2", "host3"]);
        hosts.EnumerateArray().ShouldAllBe(h => h.GetProperty("agentUrl").GetString()!.StartsWith("https://127.0.0.1:", StringComparison.Ordinal) && h.GetProperty("memoryMiB").GetInt64() == 4096);
        var plan = await CliRunner.RunAsync("plan", Tutorial, "--cluster", RepositoryPaths.Combine("examples", "cluster.conf"), "--output", "json");
        plan.ExitCode.ShouldBe(0, plan.Error);
        var planned = JsonDocument.Parse(plan.Out).RootElement;
        var plannedHosts = planned.GetProperty("hosts").EnumerateArray()
            .SelectMany(h => h.GetProperty("vms").EnumerateArray().Select(vm => (Vm: vm.GetString()!, Host: h.GetProperty("name").GetString()!)))
            .ToDictionary(p => p.Vm, p => p.Host);

        var deploy = await cluster.RunAsync("deploy", Tutorial, "--name", "tutorial", "--algorithm", "RoundRobin");

        deploy.ExitCode.ShouldBe(0, deploy.Out + deploy.Error);
        deploy.Out.ShouldContain("uml1 [host1]: ready 100%", Case.Sensitive, "progress lines name each VM's host");
        deploy.Out.ShouldContain("uml3 [host3]: ready 100%");
        var vms = (await cluster.JsonAsync("vm", "list", "tutorial")).EnumerateArray().ToDictionary(v => v.GetProperty("name").GetString()!, v => v.GetProperty("host").GetString()!);
        vms.OrderBy(p => p.Key).ShouldBe(plannedHosts.OrderBy(p => p.Key), "the controller's RoundRobin split is the one nines plan prints");
        vms.ShouldBe(new Dictionary<string, string> { ["uml1"] = "host1", ["uml4"] = "host1", ["uml2"] = "host2", ["uml5"] = "host2", ["uml3"] = "host3" }, ignoreOrder: true);
        planned.GetProperty("vlans").EnumerateArray().Select(v => v.GetProperty("network").GetString()).ShouldBe(["Net0", "Net1", "Net2"]);
        planned.GetProperty("hostSide").GetString().ShouldBe("host3", "the <host> part goes where Net3's only VM (uml3) is");

        var operations = await cluster.JsonAsync("operations");
        var operation = operations.EnumerateArray().Single(o => o.GetProperty("kind").GetString() == "Deploy");
        var progress = (await cluster.JsonAsync("operations", operation.GetProperty("id").GetString()!)).GetProperty("vms");
        progress.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetProperty("host").GetString()!).ShouldBe(vms, ignoreOrder: true);

        var undeploy = await cluster.RunAsync("undeploy", "tutorial");
        undeploy.ExitCode.ShouldBe(0, undeploy.Out + undeploy.Error);
        (await cluster.RunAsync("status", "tutorial")).ExitCode.ShouldBe(5);
        var stopped = await CliCluster.StopAsync(controller);
        stopped.ExitCode.ShouldBe(0, stopped.Error);
        stopped.Out.ShouldContain($"cluster store {cluster.Store}");
    }

    [RequiresEtcdFact]
    public async Task Up_TwoControllersOnOneStore_StandbyTakesOverWhenTheActiveStops()
    {
        await using var cluster = await CliCluster.StartAsync();
        var first = await cluster.StartControllerAsync("fake");
        var secondData = Path.Combine(cluster.Root, "controller2");
        await cluster.StartControllerAtAsync(secondData, "fake");
        foreach (var host in new[] { "host1", "host2" })
        {
            await cluster.StartAgentAsync(host, Path.Combine(cluster.Root, host), "fake");
        }

        // Both controllers serve the API; only the elected one (the first) reconciles the deploy sent to the second.
        var deploy = await cluster.RunAsync("deploy", Tutorial, "--name", "tutorial", "--algorithm", "RoundRobin");
        deploy.ExitCode.ShouldBe(0, deploy.Out + deploy.Error);
        var stopped = await CliCluster.StopAsync(first);
        stopped.ExitCode.ShouldBe(0, stopped.Error);

        // The active one resigned: the second is elected and carries the undeploy out.
        var undeploy = await cluster.RunAsync("undeploy", "tutorial");

        undeploy.ExitCode.ShouldBe(0, undeploy.Out + undeploy.Error);
        (await cluster.RunAsync("status", "tutorial")).ExitCode.ShouldBe(5);
        var elected = (await cluster.JsonAsync("events")).GetProperty("events").EnumerateArray()
            .Where(e => e.GetProperty("kind").GetString() == "ControllerElected")
            .Select(e => e.GetProperty("subject").GetString())
            .ToList();
        elected.Count.ShouldBe(2, "the first controller's term, then the second's");
        elected.Distinct().Count().ShouldBe(2);
    }

    [RequiresEtcdFact]
    public async Task Deploy_OnAnEtcdWithClientCertificatesAndAuthentication_ControllerAndAgentsWork()
    {
        await using var cluster = await CliCluster.StartSecuredAsync();
        cluster.Store.ShouldStartWith("etcds://");
        var controller = await cluster.StartControllerAsync("fake");
        foreach (var host in new[] { "host1", "host2" })
        {
            await cluster.StartAgentAsync(host, Path.Combine(cluster.Root, host), "fake");
        }

        var hosts = await cluster.JsonAsync("hosts");
        hosts.EnumerateArray().Select(h => h.GetProperty("name").GetString()).ShouldBe(["host1", "host2"]);
        var deploy = await cluster.RunAsync("deploy", Tutorial, "--name", "tutorial", "--algorithm", "RoundRobin");
        deploy.ExitCode.ShouldBe(0, deploy.Out + deploy.Error);
        (await cluster.JsonAsync("vm", "list", "tutorial")).GetArrayLength().ShouldBe(5);

        // The same etcd without TLS, or without the user, lets nobody in (an agent with its certificate, so only the store can refuse it).
        var agentData = Path.Combine(cluster.Root, "host9");
        cluster.ProvisionAgent("host9", agentData);
        var plain = await CliRunner.RunAsync("agent", "--host", "host9", "--store", $"etcd://{cluster.Etcd.ClientUrl.Authority}", "--listen", "127.0.0.1:0", "--data", agentData, "--driver", "fake");
        plain.ExitCode.ShouldNotBe(0);
        plain.Error.ShouldContain($"etcd at http://{cluster.Etcd.ClientUrl.Authority}/ failed");
        var withoutUser = cluster.Store[..cluster.Store.IndexOf("&user=", StringComparison.Ordinal)];
        var anonymous = await CliRunner.RunAsync("agent", "--host", "host9", "--store", withoutUser, "--listen", "127.0.0.1:0", "--data", agentData, "--driver", "fake");
        anonymous.ExitCode.ShouldNotBe(0);
        anonymous.Error.ShouldContain("permission denied");
        anonymous.Error.ShouldContain("no etcd user is configured");
        (await cluster.RunAsync("undeploy", "tutorial")).ExitCode.ShouldBe(0);
        (await CliCluster.StopAsync(controller)).ExitCode.ShouldBe(0);
    }

    [Fact]
    public async Task Agent_BadStoreOptions_ReportsEveryProblemAtOnceAndNeverEchoesAPassword()
    {
        var result = await CliRunner.RunAsync("agent", "--host", "h1", "--store", "etcd://127.0.0.1:2379?ca=/nonexistent/ca.crt&cert=/x.crt&user=u&password=hunter2&colour=red", "--driver", "fake");

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("ca=, cert= and key= are for TLS: use etcds://");
        result.Error.ShouldContain("cert= and key= go together");
        result.Error.ShouldContain("no password in the address");
        result.Error.ShouldContain("unknown option \"colour\"");
    }

    [Fact]
    public async Task Agent_StoreFilesMissing_NamesEachFile()
    {
        var result = await CliRunner.RunAsync("agent", "--host", "h1", "--store", "etcds://127.0.0.1:2379?ca=/nonexistent/ca.crt&user=u&password-file=/nonexistent/pw", "--driver", "fake");

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("ca=/nonexistent/ca.crt:");
        result.Error.ShouldContain("password-file=/nonexistent/pw:");
    }

    [Fact]
    public async Task Agent_BadOptions_ReportsEveryProblemAsUsageError()
    {
        var result = await CliRunner.RunAsync("agent", "--host", "bad/name", "--store", "http://x:1", "--uplink", "trunk:", "--listen", "nowhere", "--driver", "kvm", "--netns", "nines-no-such-ns-4711");

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("--driver \"kvm\"");
        result.Error.ShouldContain("--host \"bad/name\"");
        result.Error.ShouldContain("--store \"http://x:1\" is not an etcd address");
        result.Error.ShouldContain("--uplink \"trunk:\"");
        result.Error.ShouldContain("--listen \"nowhere\"");
        result.Error.ShouldContain("no such network namespace");
    }

    [Fact]
    public async Task Up_StoreNotEtcdOrAgentOptionsWithoutStore_IsUsageError()
    {
        var data = Directory.CreateTempSubdirectory("ncl-").FullName;
        try
        {
            var bad = await CliRunner.RunAsync("up", "--store", "etcd://127.0.0.1", "--data", data);
            var orphan = await CliRunner.RunAsync("up", "--agent-host", "h1", "--data", data);

            bad.ExitCode.ShouldBe(2);
            bad.Error.ShouldContain("\"127.0.0.1\" is not HOST:PORT");
            orphan.ExitCode.ShouldBe(2);
            orphan.Error.ShouldContain("need --store");
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}

/// <summary>Cluster tests start etcd, agents and (end to end) real guests: one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterCollection
{
    public const string Name = "cluster";
}

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
        var controller = await cluster.StartControllerAsync("fake");
        var baseDirectory = Path.Combine(cluster.Root, "tb");
        var up = await CliRunner.RunAsync("testbed", "up", "2", "--agents", "--store", cluster.Store, "--driver", "fake", "--data", cluster.ControllerData, "--dir", baseDirectory);
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

            // Issue 26: the testbed takes down only what it started; the controller keeps serving.
            controller.Run.IsCompleted.ShouldBeFalse(controller.Out.ToString() + controller.Error);
            (await cluster.JsonAsync("hosts")).ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Array);
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

    /// <summary>
    /// The chaos soak's leftover: an agent killed with kill -9 is restarted by its fence guard, and the soak, which saw
    /// no new agent yet, starts one more as <c>testbed up</c> did. Two agents then ran for one host (and <c>down</c>
    /// used to leave one behind); now the second is refused, and <c>down</c> leaves nothing.
    /// </summary>
    [RequiresClusterHostFact]
    public async Task TestbedDown_AgentRestartedByItsGuardAndAgainBySupervisor_SecondRefusedAndNothingLeft()
    {
        await using var cluster = await CliCluster.StartAsync();
        await cluster.StartControllerAsync("fake");
        var baseDirectory = Path.Combine(cluster.Root, "tb");
        var up = await CliRunner.RunAsync("testbed", "up", "1", "--agents", "--store", cluster.Store, "--driver", "fake", "--data", cluster.ControllerData, "--dir", baseDirectory);
        var id = Directory.EnumerateDirectories(baseDirectory).Select(Path.GetFileName).SingleOrDefault();
        var testbedDirectory = Path.Combine(baseDirectory, id ?? "none");
        try
        {
            up.ExitCode.ShouldBe(0, up.Out + up.Error);
            var data = Path.Combine(testbedDirectory, "h1");
            var first = AgentInfo.TryRead(data).ShouldNotBeNull();
            var command = ReadArguments(first.Pid).ShouldNotBeNull();
            (await PollAsync(() => ProcessesNaming(testbedDirectory).Any(p => p.Arguments.Contains("agent-guard")))).ShouldBeTrue("the fence guard runs");

            KillNine(first.Pid);
            var restarted = 0;
            (await PollAsync(() => AgentInfo.TryRead(data) is { } a && a.Pid != first.Pid && IsRunning(a.Pid) && (restarted = a.Pid) > 0))
                .ShouldBeTrue("the guard restarted the killed agent");
            // One agent per data directory: the supervisor's is refused, naming the guard's, which keeps serving.
            var log = Path.Combine(data, AgentLauncher.LogFileName);
            StartDetached(command, log);
            (await PollAsync(() => File.ReadAllText(log).Contains($"another agent already serves host \"h1\" from {data} (pid {restarted})", StringComparison.Ordinal)))
                .ShouldBeTrue($"the second agent is refused; the agent log ends:\n{string.Join('\n', File.ReadLines(log).TakeLast(40))}");
            IsRunning(restarted).ShouldBeTrue();
            AgentInfo.TryRead(data).ShouldNotBeNull().Pid.ShouldBe(restarted);

            var down = await CliRunner.RunAsync("testbed", "down", id!, "--dir", baseDirectory);

            down.ExitCode.ShouldBe(0, down.Out + down.Error);
            await PollAsync(() => ProcessesNaming(testbedDirectory).Count == 0, TimeSpan.FromSeconds(20));
            ProcessesNaming(testbedDirectory).Select(p => $"{p.Pid}: {string.Join(' ', p.Arguments)}").ShouldBeEmpty("no agent or guard of the testbed is left");
        }
        finally
        {
            if (id is not null)
            {
                await CliRunner.RunAsync("testbed", "down", id, "--dir", baseDirectory);
                foreach (var (pid, _) in ProcessesNaming(testbedDirectory))
                {
                    KillNine(pid); // only this test's own processes: their command lines name its temporary directory
                }
            }
        }
    }

    private static async Task<bool> PollAsync(Func<bool> condition, TimeSpan? deadline = null)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < (deadline ?? TimeSpan.FromMinutes(3)))
        {
            if (condition())
            {
                return true;
            }

            await Task.Delay(200);
        }

        return condition();
    }

    private static List<(int Pid, string[] Arguments)> ProcessesNaming(string directory) =>
        [.. Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0)
            .Where(pid => pid > 1 && pid != Environment.ProcessId)
            .Select(pid => (Pid: pid, Arguments: ReadArguments(pid)))
            .Where(p => p.Arguments is not null && p.Arguments.Any(a => a.Contains(directory, StringComparison.Ordinal)) && IsRunning(p.Pid))
            .Select(p => (p.Pid, p.Arguments!))];

    private static string[]? ReadArguments(int pid)
    {
        try
        {
            var bytes = File.ReadAllBytes($"/proc/{pid}/cmdline");
            return bytes.Length == 0 ? null : System.Text.Encoding.UTF8.GetString(bytes).Split('\0', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static void KillNine(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            process.Kill();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>As the soak restarts an agent: detached, a new session, output appended to its log.</summary>
    private static void StartDetached(IReadOnlyList<string> command, string log)
    {
        var start = new System.Diagnostics.ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        foreach (var argument in (string[])["-c", "exec setsid \"$@\" >>\"$TEST_LOG\" 2>&1 </dev/null", "sh", .. command])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["TEST_LOG"] = log;
        using var process = System.Diagnostics.Process.Start(start);
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            return File.Exists($"/proc/{pid}/stat") && !File.ReadAllText($"/proc/{pid}/stat").Split(") ")[1].StartsWith('Z');
        }
        catch (IOException)
        {
            return false; // gone meanwhile
        }
    }
}

using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Nines.Testing.Etcd;

namespace Nines.Bench.Soak;

/// <summary>
/// The cluster: the soak's own 3-member etcd on free loopback ports, a controller <c>nines up --store etcd://…</c>
/// (child process, data directory on a small tmpfs) and <c>nines testbed up 3 --agents</c> (three namespace hosts,
/// one detached <c>nines agent</c> each).
/// </summary>
internal sealed partial class ClusterSystem(string workDirectory, string driver, IReadOnlyCollection<string> tenants) : SerializedFaults, ISoakSystem
{
    private readonly Dictionary<string, IReadOnlyList<string>> _agentCommands = new(StringComparer.Ordinal);
    private readonly List<string> _namespaces = [];
    private readonly List<string> _agentCrashes = [];
    private EtcdCluster? _etcd;
    private int? _testbedId;

    public string Name => "cluster";

    public Uri Url => Controller?.Url ?? throw new InvalidOperationException("not started");

    public string AdminToken { get; private set; } = string.Empty;

    public string WorkDirectory { get; } = workDirectory;

    public IReadOnlyList<string> Crashes => [.. Controller?.Crashes ?? [], .. _agentCrashes];

    public IReadOnlyList<string> LogFiles =>
        [Path.Combine(WorkDirectory, "controller.log"), .. Directory.Exists(TestbedDirectory) ? Directory.GetFiles(TestbedDirectory, "agent.log", SearchOption.AllDirectories) : []];

    public IReadOnlyList<string> Namespaces => _namespaces;

    private string Data => Path.Combine(WorkDirectory, "data");

    /// <summary>A cluster controller always serves HTTPS, with the CA it makes in its data directory.</summary>
    public string? CaCertificate => Path.Combine(Data, "tls", "ca.crt");

    private string TestbedDirectory => Path.Combine(WorkDirectory, "testbed");

    public async Task StartAsync(SoakCleanup teardown, SoakCleanup sweep, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(WorkDirectory);
        if (EtcdServer.FindBinary() is null)
        {
            throw new InvalidOperationException("the cluster system needs etcd (Debian: etcd-server; eng/require.sh installs it)");
        }

        var etcdRoot = Path.Combine(WorkDirectory, "etcd");
        Directory.CreateDirectory(etcdRoot);
        _etcd = await EtcdCluster.StartAsync(3, new EtcdServerOptions { DataRoot = etcdRoot }, cancellationToken).ConfigureAwait(false);
        teardown.Add("etcd", async () => await _etcd.DisposeAsync().ConfigureAwait(false));
        var store = "etcd://" + string.Join(',', _etcd.ClientUrls.Select(u => u.Authority));

        await AddFaultsAsync([FaultKind.KillAgent, FaultKind.EtcdMemberRestart], Data, 32, driver, sweep, cancellationToken).ConfigureAwait(false);
        var port = ControllerProcess.FreePort();
        Controller = new ControllerProcess(
            ["--store", store, "--data", Data, "--listen", $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", "--driver", driver],
            Path.Combine(WorkDirectory, "controller.log"),
            new Uri($"https://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"));
        SoakTls.Trust(Path.Combine(Data, "tls", "ca.crt"));
        teardown.Add("nines down (cluster controller)", async () =>
        {
            await Controller.StopAsync(TimeSpan.FromSeconds(20), CancellationToken.None).ConfigureAwait(false);
            await NinesCli.RunAsync(["down", "--data", Data], TimeSpan.FromMinutes(2), CancellationToken.None).ConfigureAwait(false);
        });
        sweep.Add("leftover processes (cluster)", () => KillLeftoversAsync());
        await Controller.StartAsync(TimeSpan.FromMinutes(3), cancellationToken).ConfigureAwait(false);
        AdminToken = (await File.ReadAllTextAsync(Path.Combine(Data, "admin.token"), cancellationToken).ConfigureAwait(false)).Trim();

        var up = await NinesCli.RunAsync(
            ["testbed", "up", "3", "--agents", "--store", store, "--driver", driver, "--dir", TestbedDirectory, "--data", Data],
            TimeSpan.FromMinutes(25),
            cancellationToken).ConfigureAwait(false);
        if (TestbedLine().Match(up.Out) is { Success: true } match)
        {
            _testbedId = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            _namespaces.AddRange([$"nines-tb-{_testbedId}-net", .. Enumerable.Range(1, 3).Select(h => $"nines-tb-{_testbedId}-h{h}")]);
            teardown.Add($"nines testbed down {_testbedId}", async () =>
            {
                var down = await NinesCli.RunAsync(["testbed", "down", _testbedId.Value.ToString(CultureInfo.InvariantCulture), "--dir", TestbedDirectory], TimeSpan.FromMinutes(3), CancellationToken.None).ConfigureAwait(false);
                if (!down.Succeeded)
                {
                    throw new InvalidOperationException($"exit {down.ExitCode}: {down.Out}{down.Error}");
                }
            });
        }

        if (!up.Succeeded || _testbedId is null)
        {
            throw new InvalidOperationException($"nines testbed up failed (exit {up.ExitCode}):\n{up.Out}{up.Error}");
        }

        foreach (var directory in AgentDirectories())
        {
            if (ReadAgent(directory) is { } agent)
            {
                _agentCommands[directory] = [.. File.ReadAllText($"/proc/{agent.Pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries)];
            }
        }

        if (_agentCommands.Count != 3)
        {
            throw new InvalidOperationException($"expected 3 agents after testbed up, found {_agentCommands.Count}:\n{up.Out}");
        }
    }

    protected override async Task<string?> InjectNowAsync(FaultKind kind, Random random, CancellationToken cancellationToken)
    {
        switch (kind)
        {
            case FaultKind.KillController:
                return await KillControllerAsync(cancellationToken).ConfigureAwait(false);
            case FaultKind.KillAgent:
                return await KillAgentAsync(random, cancellationToken).ConfigureAwait(false);
            case FaultKind.EtcdMemberRestart:
                var member = _etcd!.Members[random.Next(_etcd.Members.Count)];
                await member.StopAsync(cancellationToken).ConfigureAwait(false);
                var down = TimeSpan.FromMilliseconds(random.Next(200, 3_000));
                await Task.Delay(down, cancellationToken).ConfigureAwait(false);
                await member.RestartAsync(cancellationToken).ConfigureAwait(false);
                return $"etcd member {member.Name} killed, restarted after {down.TotalSeconds:0.0} s";
            case FaultKind.KillVmProcess:
                var guests = VmProcesses.Of(tenants);
                if (guests.Count == 0)
                {
                    return null;
                }

                var victim = guests[random.Next(guests.Count)];
                Shell.Kill(victim.Pid);
                return $"kill -9 {victim.VmId} (pid {victim.Pid})";
            case FaultKind.DiskFull:
                var hold = TimeSpan.FromMilliseconds(random.Next(1_000, 4_000));
                var bytes = await Disk!.FillAndFreeAsync(hold, cancellationToken).ConfigureAwait(false);
                return $"controller's disk full for {hold.TotalSeconds:0.0} s ({bytes / (1 << 20)} MiB ballast)";
            default:
                return null;
        }
    }

    protected override async Task HealNowAsync(CancellationToken cancellationToken)
    {
        foreach (var member in _etcd!.Members.Where(m => !m.IsRunning))
        {
            await member.RestartAsync(cancellationToken).ConfigureAwait(false);
        }

        await Controller!.EnsureRunningAsync(TimeSpan.FromMinutes(3), cancellationToken).ConfigureAwait(false);
        foreach (var directory in _agentCommands.Keys)
        {
            if (ReadAgent(directory) is not { } agent || !Shell.Alive(agent.Pid))
            {
                _agentCrashes.Add($"agent in {Path.GetFileName(directory)} exited by itself; its log ends: {string.Join(" | ", ControllerProcess.Tail(Path.Combine(directory, "agent.log")).Split('\n').Where(l => !l.StartsWith("   at ", StringComparison.Ordinal)).TakeLast(3))}");
                await RestartAgentAsync(directory, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async Task StopGracefullyAsync(CancellationToken cancellationToken)
    {
        await Controller!.StopAsync(TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
        foreach (var directory in _agentCommands.Keys)
        {
            if (ReadAgent(directory) is { } agent && Shell.Alive(agent.Pid))
            {
                await Shell.RunAsync("kill", ["-TERM", agent.Pid.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
                if (!await Shell.WaitGoneAsync(agent.Pid, TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false))
                {
                    Shell.Kill(agent.Pid);
                }
            }
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<string?> KillAgentAsync(Random random, CancellationToken cancellationToken)
    {
        var directories = _agentCommands.Keys.Order(StringComparer.Ordinal).ToList();
        var directory = directories[random.Next(directories.Count)];
        if (ReadAgent(directory) is not { } agent || !Shell.Alive(agent.Pid))
        {
            _agentCrashes.Add($"agent in {Path.GetFileName(directory)} had exited by itself");
            await RestartAgentAsync(directory, cancellationToken).ConfigureAwait(false);
            return null;
        }

        Shell.Kill(agent.Pid);
        await Shell.WaitGoneAsync(agent.Pid, TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);

        // Down for a while (its lease may expire: the controller then treats the host as failed), then back, unless
        // something else brought it back meanwhile.
        var down = TimeSpan.FromMilliseconds(random.Next(200, 6_000));
        await Task.Delay(down, cancellationToken).ConfigureAwait(false);
        var restarted = ReadAgent(directory) is { } now && now.Pid != agent.Pid && Shell.Alive(now.Pid);
        if (!restarted)
        {
            await RestartAgentAsync(directory, cancellationToken).ConfigureAwait(false);
        }

        return $"kill -9 agent {agent.Host} (pid {agent.Pid}), {(restarted ? "restarted by Nines" : $"restarted by the soak after {down.TotalSeconds:0.0} s")}";
    }

    /// <summary>
    /// Starts the agent again exactly as <c>nines testbed up</c> did (detached, same arguments, same log), then waits
    /// until an agent answers there. When the fence guard restarted it meanwhile, the soak's start is refused (one agent
    /// per data directory) and the guard's is the one that answers.
    /// </summary>
    private async Task RestartAgentAsync(string directory, CancellationToken cancellationToken)
    {
        var command = _agentCommands[directory];
        var log = Path.Combine(directory, "agent.log");
        var start = new System.Diagnostics.ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        foreach (var argument in (string[])["-c", "exec setsid \"$@\" >>\"$SOAK_LOG\" 2>&1 </dev/null", "sh", .. command])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["SOAK_LOG"] = log;
        using (System.Diagnostics.Process.Start(start))
        {
        }

        var waited = System.Diagnostics.Stopwatch.StartNew();
        using var http = new HttpClient(SoakTls.AgentHandler(Path.Combine(Data, "tls"))) { Timeout = TimeSpan.FromSeconds(2) };
        while (waited.Elapsed < TimeSpan.FromMinutes(3))
        {
            if (ReadAgent(directory) is { } agent && Shell.Alive(agent.Pid))
            {
                try
                {
                    using var answer = await http.GetAsync(new Uri($"{agent.Url}/agent/v1/health"), cancellationToken).ConfigureAwait(false);
                    if (answer.IsSuccessStatusCode)
                    {
                        return;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    // Not listening yet.
                }
            }

            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException($"the agent in {directory} did not come back within 3 minutes; the end of its log:\n{ControllerProcess.Tail(log)}");
    }

    private IEnumerable<string> AgentDirectories() =>
        Directory.Exists(TestbedDirectory)
            ? Directory.GetFiles(TestbedDirectory, "agent.json", SearchOption.AllDirectories).Select(f => Path.GetDirectoryName(f)!).Order(StringComparer.Ordinal)
            : [];

    private static AgentRecord? ReadAgent(string directory)
    {
        try
        {
            var node = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "agent.json")));
            return new AgentRecord(node!["host"]!.GetValue<string>(), node["url"]!.GetValue<string>(), node["pid"]!.GetValue<int>());
        }
        catch (Exception e) when (e is IOException or System.Text.Json.JsonException or NullReferenceException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private async Task KillLeftoversAsync()
    {
        foreach (var (pid, _) in Shell.ProcessesMentioning(WorkDirectory))
        {
            Shell.Kill(pid);
        }

        foreach (var (pid, _) in VmProcesses.Of(tenants))
        {
            Shell.Kill(pid);
        }

        foreach (var ns in _namespaces)
        {
            if (File.Exists(Path.Combine("/run/netns", ns)))
            {
                await Shell.RunAsync("ip", ["netns", "del", ns], TimeSpan.FromSeconds(20), CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    [GeneratedRegex(@"^testbed (\d+):", RegexOptions.Multiline)]
    private static partial Regex TestbedLine();

    private sealed record AgentRecord(string Host, string Url, int Pid);
}

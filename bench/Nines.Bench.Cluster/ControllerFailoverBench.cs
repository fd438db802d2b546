using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using Nines.Api.Auth;
using Nines.Contracts.Model;
using Nines.Controller.Repositories;
using Nines.Store;
using Nines.Store.Election;
using Nines.Store.Etcd;
using Nines.Testing.Etcd;

namespace Nines.Bench.Cluster;

/// <summary>
/// (a) Two controller processes and two agents on one etcd member; a client reads and writes through the API all the
/// time. Each round kills the active controller with SIGKILL, then writes a change through the API and measures: until
/// the API answers a write again (any controller serves it), until the standby is elected, and until the change it
/// made is reconciled (the operation COMPLETED). The killed controller is started again as the next standby.
/// </summary>
internal sealed class ControllerFailoverBench(EtcdServer etcd, EtcdStateStore store, BenchAgents agents, int rounds)
{
    private readonly Dictionary<string, (Process Process, int Port)> _controllers = new(StringComparer.Ordinal);
    private long _loadRequests;
    private long _loadFailures;
    private long _loadRetried;
    private string? _lastFailure;

    public async Task RunAsync()
    {
        var token = (await new TokenService(store, TimeProvider.System).CreateAsync(ApiRole.Operator, "acme")).Token;
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        StartController("controller-1");
        StartController("controller-2");
        await WaitForApiAsync(client, "controller-1");
        await WaitForApiAsync(client, "controller-2");

        var generation = await PutAsync(client, algorithm: null) ?? throw new InvalidOperationException("the first deploy was refused");
        await WaitForCompletedAsync(generation, TimeSpan.FromSeconds(60));
        List<TimeSpan> baseline = [];
        for (var i = 0; i < 5; i++)
        {
            var sent = Stopwatch.GetTimestamp();
            var quiet = await PutAsync(client, i % 2 == 0 ? "RoundRobin" : null) ?? throw new InvalidOperationException("a deploy was refused");
            baseline.Add(Stopwatch.GetElapsedTime(sent));
            await WaitForCompletedAsync(quiet, TimeSpan.FromSeconds(60));
        }

        using var stopLoad = new CancellationTokenSource();
        var load = Task.Run(() => LoadAsync(client, stopLoad.Token));

        List<TimeSpan> api = [], elected = [], reconciled = [];
        for (var round = 1; round <= rounds; round++)
        {
            var leader = (await store.GetAsync(LeaderElection.KeyFor("controller")))?.ValueAsString()
                ?? throw new InvalidOperationException("no controller leads");
            var killedAt = Stopwatch.GetTimestamp();
            _controllers[leader].Process.Kill();

            long? changed = null;
            while (changed is null)
            {
                changed = await PutAsync(client, round % 2 == 1 ? "RoundRobin" : null);
            }

            api.Add(Stopwatch.GetElapsedTime(killedAt));
            while ((await store.GetAsync(LeaderElection.KeyFor("controller")))?.ValueAsString() is not { } next || next == leader)
            {
                await Task.Delay(5);
            }

            elected.Add(Stopwatch.GetElapsedTime(killedAt));
            await WaitForCompletedAsync(changed.Value, TimeSpan.FromSeconds(60));
            reconciled.Add(Stopwatch.GetElapsedTime(killedAt));
            Console.WriteLine($"  round {round,2}: killed {leader}; API wrote again after {api[^1].TotalMilliseconds:0} ms, standby elected after {elected[^1].TotalMilliseconds:0} ms, change reconciled after {reconciled[^1].TotalMilliseconds:0} ms");

            await _controllers[leader].Process.WaitForExitAsync();
            StartController(leader);
            await WaitForApiAsync(client, leader);
        }

        await stopLoad.CancelAsync();
        await load;
        foreach (var (process, _) in _controllers.Values)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        var live = agents.Machines.Values.Sum(m => m.LiveProcessCount);
        Console.WriteLine();
        Console.WriteLine($"(a) controller failover, {rounds} x kill -9 of the active controller (election TTL 2 s, etcd's minimum)");
        Console.WriteLine(Figures.Line("a write through the API, no kill", baseline));
        Console.WriteLine(Figures.Line("API serves a write again", api));
        Console.WriteLine(Figures.Line("standby elected", elected));
        Console.WriteLine(Figures.Line("standby reconciled the change", reconciled));
        Console.WriteLine($"load: {_loadRequests} API reads, {_loadRetried} needed the other controller ({_lastFailure ?? "none"}), {_loadFailures} failed on every controller; VMs running at the end: {live} (5 expected)");
        Console.WriteLine($"vs Proxmox HA ~120 s: {120 / Figures.Median(reconciled).TotalSeconds:0.0}x faster (median, until reconciled)");
    }

    private async Task<long?> PutAsync(HttpClient client, string? algorithm)
    {
        foreach (var (_, port) in _controllers.Values.Where(c => !c.Process.HasExited).ToList())
        {
            try
            {
                using var answer = await client.PutAsJsonAsync<object>(
                    $"http://127.0.0.1:{port}/v1/deployments/tutorial",
                    algorithm is null ? new { scenario = BenchAgents.TutorialXml(), source = "tutorial.xml" } : new { scenario = BenchAgents.TutorialXml(), source = "tutorial.xml", algorithm });
                if (answer.StatusCode == HttpStatusCode.Accepted)
                {
                    return (await new DeploymentRepository(store, TimeProvider.System).GetAsync(new DeploymentRef("acme", "tutorial"), CancellationToken.None))!.Spec.Generation;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // That controller is gone: the next one answers.
            }
        }

        return null;
    }

    /// <summary>A client that knows every controller: it reads from them in turn and tries the next one when one fails.</summary>
    private async Task LoadAsync(HttpClient client, CancellationToken stop)
    {
        var i = 0;
        while (!stop.IsCancellationRequested)
        {
            var targets = _controllers.Values.Select(c => c.Port).ToList();
            Interlocked.Increment(ref _loadRequests);
            var served = false;
            for (var attempt = 0; attempt < targets.Count && !served && !stop.IsCancellationRequested; attempt++)
            {
                var port = targets[(i + attempt) % targets.Count];
                try
                {
                    using var answer = await client.GetAsync($"http://127.0.0.1:{port}/v1/deployments/tutorial", stop);
                    served = answer.IsSuccessStatusCode;
                    _lastFailure = served ? _lastFailure : $"{(int)answer.StatusCode} from port {port}";
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    _lastFailure = $"{e.GetType().Name} from port {port}: {e.Message}";
                }

                if (!served && attempt == 0)
                {
                    Interlocked.Increment(ref _loadRetried);
                }
            }

            if (!served && !stop.IsCancellationRequested)
            {
                Interlocked.Increment(ref _loadFailures);
            }

            i++;
            await Task.Delay(20, CancellationToken.None);
        }
    }

    private async Task WaitForCompletedAsync(long generation, TimeSpan timeout)
    {
        var operations = new OperationRepository(store, TimeProvider.System);
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            var operation = (await operations.ListAsync("acme", CancellationToken.None)).LastOrDefault(o => o.Generation == generation && o.Kind == OperationKind.Deploy);
            if (operation is { IsFinished: true })
            {
                return;
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"generation {generation} was not reconciled within {timeout}");
            }

            await Task.Delay(10);
        }
    }

    private void StartController(string name)
    {
        var port = FreePort();
        var self = Environment.ProcessPath!;
        var info = new ProcessStartInfo(self) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            info.ArgumentList.Add(typeof(ControllerProcess).Assembly.Location);
        }

        foreach (var arg in new[] { "controller", etcd.ClientUrl.AbsoluteUri, port.ToString(System.Globalization.CultureInfo.InvariantCulture), name })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["NINES_BENCH_CA"] = ControllerProcess.CaDirectory;
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine($"[{name}] {e.Data}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _controllers[name] = (process, port);
    }

    private async Task WaitForApiAsync(HttpClient client, string name)
    {
        var port = _controllers[name].Port;
        for (var attempt = 0; attempt < 600; attempt++)
        {
            try
            {
                using var answer = await client.GetAsync($"http://127.0.0.1:{port}/v1/health");
                if (answer.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"{name} did not serve the API");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

using System.Diagnostics;
using System.Globalization;

namespace Nines.Bench.Soak;

/// <summary>
/// <c>nines up …</c> as a child process in the foreground (so the soak knows its pid), its console appended to a
/// log file outside the data directory (a disk-full window must not eat the lines the soak greps afterwards).
/// <see cref="KillAsync"/> is kill -9; <see cref="StartAsync"/> starts it again with the same command line.
/// </summary>
internal sealed class ControllerProcess(IReadOnlyList<string> upArguments, string logFile, Uri url)
{
    private int? _pid;

    public Uri Url { get; } = url;

    public string LogFile { get; } = logFile;

    public int? Pid => _pid;

    public int Starts { get; private set; }

    /// <summary>Exits the soak did not cause, each with the end of the log at the time.</summary>
    public List<string> Crashes { get; } = [];

    /// <summary>Starts it again when it died by itself (counted as a crash).</summary>
    public async Task EnsureRunningAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!Running)
        {
            Crashed();
            await StartAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task StartAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        foreach (var argument in (string[])["-c", "exec \"$@\" >>\"$SOAK_LOG\" 2>&1 </dev/null", "sh", "dotnet", NinesCli.Dll, "up", .. upArguments])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["SOAK_LOG"] = LogFile;
        start.Environment["NINES_HOME"] = "/nonexistent-nines-soak-home";
        using (var process = Process.Start(start) ?? throw new InvalidOperationException("could not start nines up"))
        {
            _pid = process.Id;
        }

        Starts++;
        using var api = new SoakApi(Url, null);
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (!Shell.Alive(_pid.Value))
            {
                throw new InvalidOperationException($"nines up exited before it answered; the end of {LogFile}:\n{Tail(LogFile)}");
            }

            if ((await api.GetAsync("/v1/health", cancellationToken).ConfigureAwait(false)).Status == 200)
            {
                return;
            }

            if (waited.Elapsed > timeout)
            {
                throw new TimeoutException($"nines up did not answer within {timeout.TotalSeconds:0} s; the end of {LogFile}:\n{Tail(LogFile)}");
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>kill -9 and wait until the process is gone.</summary>
    public async Task KillAsync(CancellationToken cancellationToken)
    {
        if (_pid is { } pid)
        {
            if (!Shell.Alive(pid))
            {
                Crashed();
            }

            Shell.Kill(pid);
            await Shell.WaitGoneAsync(pid, TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>SIGTERM (graceful: VMs keep running), then SIGKILL after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace, CancellationToken cancellationToken)
    {
        if (_pid is not { } pid || !Shell.Alive(pid))
        {
            return;
        }

        await Shell.RunAsync("kill", ["-TERM", pid.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
        if (!await Shell.WaitGoneAsync(pid, grace, cancellationToken).ConfigureAwait(false))
        {
            Shell.Kill(pid);
            await Shell.WaitGoneAsync(pid, TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        }
    }

    private void Crashed()
    {
        if (_pid is not null)
        {
            Crashes.Add($"{Path.GetFileName(LogFile)}: nines up (pid {_pid}) exited by itself; its log ends: {string.Join(" | ", Tail(LogFile).Split('\n').Where(l => !l.StartsWith("   at ", StringComparison.Ordinal)).TakeLast(3))}");
            _pid = null;
        }
    }

    public bool Running => _pid is { } pid && Shell.Alive(pid);

    public static string Tail(string file) =>
        File.Exists(file) ? string.Join('\n', File.ReadLines(file).TakeLast(25)) : "(no log)";

    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}

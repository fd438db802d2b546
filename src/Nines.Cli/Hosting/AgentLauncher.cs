using System.Diagnostics;
using Nines.Processes;

namespace Nines.Cli.Hosting;

/// <summary>
/// Starts <c>nines agent</c> detached (a new session, stdin from <c>/dev/null</c>, output appended to
/// <c>AGENT-DATA/agent.log</c>) and waits until it has registered: its <c>agent.json</c> names a live process whose
/// health endpoint answers. Used by <c>nines testbed up --agents</c>, and by tests that run an agent inside a host
/// namespace (its management traffic then crosses the host's own links).
/// </summary>
internal static class AgentLauncher
{
    public const string LogFileName = "agent.log";

    private static readonly TimeSpan _pollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>A first start may build the guest image.</summary>
    private static readonly TimeSpan _startTimeout = TimeSpan.FromMinutes(20);

    /// <param name="dataDirectory">The agent's <c>--data</c> (must be among <paramref name="agentArguments"/>).</param>
    /// <exception cref="InvalidOperationException">The agent exited or did not register in time; the message has the log's tail.</exception>
    public static Task<AgentInfo> StartAsync(string dataDirectory, IReadOnlyList<string> agentArguments, CancellationToken cancellationToken) =>
        StartAsync(dataDirectory, agentArguments, null, cancellationToken);

    /// <param name="dataDirectory">The agent's <c>--data</c> (must be among <paramref name="agentArguments"/>).</param>
    /// <param name="networkNamespace">
    /// The network namespace the whole agent process runs in (<c>nsenter --net</c>), or null for ours. Its
    /// <c>agent.json</c> URL must then be reachable from here (an <c>--advertise</c> URL that leads into the namespace).
    /// </param>
    /// <exception cref="InvalidOperationException">The agent exited or did not register in time; the message has the log's tail.</exception>
    public static async Task<AgentInfo> StartAsync(string dataDirectory, IReadOnlyList<string> agentArguments, string? networkNamespace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agentArguments);
        Directory.CreateDirectory(dataDirectory);
        var log = Path.Combine(dataDirectory, LogFileName);
        File.Delete(AgentInfo.PathIn(dataDirectory));
        string[] command = [.. InNamespace(networkNamespace), .. BackgroundLauncher.SelfCommand(), "agent", .. agentArguments];
        using var process = ProcessRunner.Default.StartDetached(new ProcessRequest(command[0], command[1..]), log);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_startTimeout);
        // Asked on its health socket: the TCP endpoint lets in only the controller's certificate.
        using var http = new HttpClient(HealthSocketHandler(dataDirectory)) { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            while (true)
            {
                if (AgentInfo.TryRead(dataDirectory) is { } info && await AnswersAsync(http, timeout.Token).ConfigureAwait(false))
                {
                    return info;
                }

                if (process.HasExited)
                {
                    throw new InvalidOperationException($"the agent exited with code {process.ExitCode} before it registered; the end of {log}:\n{Tail(log)}");
                }

                await Task.Delay(_pollInterval, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException($"the agent did not register within {_startTimeout.TotalMinutes} minutes; the end of {log}:\n{Tail(log)}");
        }
    }

    /// <summary>
    /// Stops the agent recorded in <paramref name="dataDirectory"/> (SIGTERM, then SIGKILL after 30 s); true when one ran.
    /// Its fence guard goes first (it would restart the agent).
    /// </summary>
    public static async Task<bool> StopAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        await GuardLauncher.StopAsync(dataDirectory, cancellationToken).ConfigureAwait(false);
        if (AgentInfo.TryRead(dataDirectory) is not { } info)
        {
            return false;
        }

        Process process;
        try
        {
            process = Process.GetProcessById(info.Pid);
        }
        catch (ArgumentException)
        {
            File.Delete(AgentInfo.PathIn(dataDirectory));
            return false;
        }

        using (process)
        {
            ProcessSignals.Send(info.Pid, ProcessSignals.SigTerm);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(TimeSpan.FromSeconds(30));
            try
            {
                await process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                process.Kill();
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        File.Delete(AgentInfo.PathIn(dataDirectory));
        return true;
    }

    private static async Task<bool> AnswersAsync(HttpClient http, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(new Uri("http://agent/agent/v1/health"), cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or System.Net.Sockets.SocketException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>A handler whose every connection goes to the agent's health socket in <paramref name="dataDirectory"/>.</summary>
    private static SocketsHttpHandler HealthSocketHandler(string dataDirectory)
    {
        var path = Agent.Guard.FenceGuardLink.HealthSocketIn(dataDirectory);
        return new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var unix = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
                try
                {
                    await unix.ConnectAsync(new System.Net.Sockets.UnixDomainSocketEndPoint(path), ct).ConfigureAwait(false);
                    return new System.Net.Sockets.NetworkStream(unix, ownsSocket: true);
                }
                catch
                {
                    unix.Dispose();
                    throw;
                }
            },
        };
    }

    /// <summary>
    /// Only the network namespace: <c>ip netns exec</c> would also remount <c>/sys</c>, hiding the cgroup hierarchy the
    /// QEMU driver places its guests in. <c>nsenter</c> replaces itself with the agent, so the pid it records is the one
    /// started here.
    /// </summary>
    private static string[] InNamespace(string? networkNamespace) =>
        networkNamespace is null ? [] : ["nsenter", $"--net={Path.Combine("/run/netns", networkNamespace)}", "--"];

    private static string Tail(string log) =>
        File.Exists(log) ? string.Join('\n', File.ReadLines(log).TakeLast(20)) : "(no log)";
}

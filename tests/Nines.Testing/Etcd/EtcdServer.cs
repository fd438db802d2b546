using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Nines.Testing.Etcd;

/// <summary>
/// One etcd member run as a child process on loopback, with its own data directory and free ports: for
/// tests, <c>nines testbed</c> and benchmarks. <see cref="StopAsync"/> kills it (a crash; the data stays) and
/// <see cref="RestartAsync"/> brings the same member back; <see cref="DisposeAsync"/> kills it and deletes
/// the data. A whole cluster is <see cref="EtcdCluster"/>.
/// </summary>
public sealed class EtcdServer : IAsyncDisposable
{
    private const int LogLines = 40;

    private readonly EtcdServerOptions _options;
    private readonly string _binary;
    private readonly string _initialCluster;
    private readonly string _clusterToken;
    private readonly Queue<string> _log = new();
    private Process? _process;

    private EtcdServer(EtcdServerOptions options, string binary, string name, int clientPort, int peerPort, string initialCluster, string clusterToken)
    {
        _options = options;
        _binary = binary;
        Name = name;
        ClientUrl = new Uri($"{(options.Tls is null ? "http" : "https")}://127.0.0.1:{clientPort}");
        HealthUrl = options.Tls is null ? new Uri(ClientUrl, "/health") : new Uri($"http://127.0.0.1:{FreeLoopbackPort()}/health");
        PeerUrl = new Uri($"http://127.0.0.1:{peerPort}");
        _initialCluster = initialCluster;
        _clusterToken = clusterToken;
        RootDirectory = Path.Combine(options.DataRoot ?? Path.GetTempPath(), "nines-etcd-" + Guid.NewGuid().ToString("N"));
    }

    /// <summary>The member's name (<c>--name</c>).</summary>
    public string Name { get; }

    /// <summary>Where clients connect (http://127.0.0.1:port, https with <see cref="EtcdServerOptions.Tls"/>).</summary>
    public Uri ClientUrl { get; }

    /// <summary>Where readiness is probed: the client URL, or with TLS a plain-http metrics listener of its own.</summary>
    private Uri HealthUrl { get; }

    /// <summary>Where the other members connect.</summary>
    public Uri PeerUrl { get; }

    /// <summary>The directory holding the member's data; deleted on dispose.</summary>
    public string RootDirectory { get; }

    /// <summary>True while the process runs.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The etcd binary to use, or null when it is not installed (the reason a test skips).</summary>
    public static string? FindBinary(string? configured = null)
    {
        if (configured is not null)
        {
            return File.Exists(configured) ? configured : null;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "etcd"))
            .Append("/usr/bin/etcd")
            .FirstOrDefault(File.Exists);
    }

    /// <summary>Starts a one-member cluster and waits until it serves requests.</summary>
    public static async Task<EtcdServer> StartAsync(EtcdServerOptions? options = null, CancellationToken cancellationToken = default) =>
        (await EtcdCluster.StartMembersAsync(1, options ?? new EtcdServerOptions(), cancellationToken).ConfigureAwait(false))[0];

    /// <summary>Kills the member (SIGKILL, like a crash) and keeps its data for <see cref="RestartAsync"/>.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_process is { } process)
        {
            _process = null;
            await KillAsync(process, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Starts the stopped member again on the same ports and data and waits until it is healthy.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        if (IsRunning)
        {
            throw new InvalidOperationException($"etcd member {Name} is already running");
        }

        Launch();
        await WaitHealthyAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        try
        {
            Directory.Delete(RootDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Never started far enough to create it.
        }
    }

    internal static EtcdServer Create(EtcdServerOptions options, string binary, string name, int clientPort, int peerPort, string initialCluster, string clusterToken) =>
        new(options, binary, name, clientPort, peerPort, initialCluster, clusterToken);

    /// <summary>A loopback TCP port free at the moment of asking.</summary>
    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal void Launch()
    {
        Directory.CreateDirectory(RootDirectory);
        var start = new ProcessStartInfo(_binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] arguments =
        [
            "--name", Name,
            "--data-dir", Path.Combine(RootDirectory, "data"),
            "--listen-client-urls", Authority(ClientUrl),
            "--advertise-client-urls", Authority(ClientUrl),
            "--listen-peer-urls", Authority(PeerUrl),
            "--initial-advertise-peer-urls", Authority(PeerUrl),
            "--initial-cluster", _initialCluster,
            "--initial-cluster-token", _clusterToken,
            "--initial-cluster-state", "new",
            "--heartbeat-interval", Milliseconds(_options.HeartbeatInterval),
            "--election-timeout", Milliseconds(_options.ElectionTimeout),
            "--logger", "zap",
            "--log-level", "warn",
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (_options.Tls is { } tls)
        {
            foreach (var argument in new[] { "--cert-file", tls.CertificateFile, "--key-file", tls.KeyFile, "--listen-metrics-urls", Authority(HealthUrl) })
            {
                start.ArgumentList.Add(argument);
            }

            if (tls.ClientAuthorityFile is { } authority)
            {
                start.ArgumentList.Add("--client-cert-auth");
                start.ArgumentList.Add("--trusted-ca-file");
                start.ArgumentList.Add(authority);
            }
        }

        if (_options.AuthTokenTtl is { } ttl)
        {
            start.ArgumentList.Add("--auth-token-ttl");
            start.ArgumentList.Add(((long)Math.Ceiling(ttl.TotalSeconds)).ToString(CultureInfo.InvariantCulture));
        }

        if (_options.QuotaBackendBytes is { } quota)
        {
            start.ArgumentList.Add("--quota-backend-bytes");
            start.ArgumentList.Add(quota.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        lock (_log)
        {
            _log.Clear();
        }

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Remember(e.Data);
        process.ErrorDataReceived += (_, e) => Remember(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
    }

    /// <summary>Polls /health until the member says it is healthy (it has a leader), failing with its last log lines.</summary>
    internal async Task WaitHealthyAsync(CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.StartTimeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(2) };
        var health = HealthUrl;
        while (true)
        {
            if (_process is not { HasExited: false })
            {
                throw new InvalidOperationException($"etcd member {Name} exited before it became healthy (exit code {ExitCode()}):{Environment.NewLine}{RecentLog()}");
            }

            try
            {
                var body = await http.GetByteArrayAsync(health, linked.Token).ConfigureAwait(false);
                using var answer = System.Text.Json.JsonDocument.Parse(body);
                if (answer.RootElement.TryGetProperty("health", out var said) && said.GetString() == "true")
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (OperationCanceledException) when (!linked.Token.IsCancellationRequested)
            {
                // This probe's own 2 s timeout (a member still starting): probe again.
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"etcd member {Name} at {ClientUrl} was not healthy within {_options.StartTimeout.TotalSeconds:0.#} s:{Environment.NewLine}{RecentLog()}");
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"etcd member {Name} at {ClientUrl} was not healthy within {_options.StartTimeout.TotalSeconds:0.#} s:{Environment.NewLine}{RecentLog()}");
            }
        }
    }

    /// <summary>The member's last log lines (why it failed to start).</summary>
    internal string RecentLog()
    {
        lock (_log)
        {
            return string.Join(Environment.NewLine, _log);
        }
    }

    private static async Task KillAsync(Process process, CancellationToken cancellationToken)
    {
        using (process)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>etcd rejects URLs with a path, even "/".</summary>
    private static string Authority(Uri url) => url.GetLeftPart(UriPartial.Authority);

    private static string Milliseconds(TimeSpan span) => ((long)span.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);

    private string ExitCode() => _process is { HasExited: true } p ? p.ExitCode.ToString(CultureInfo.InvariantCulture) : "unknown";

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.Enqueue(line);
            while (_log.Count > LogLines)
            {
                _log.Dequeue();
            }
        }
    }
}

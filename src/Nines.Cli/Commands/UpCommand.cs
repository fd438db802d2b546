using System.CommandLine;
using Nines.Agent.Hosting;
using Nines.Cli.Hosting;
using Nines.Cli.Remote;

namespace Nines.Cli.Commands;

/// <summary>
/// <c>nines up</c>: runs this machine's controller — the embedded control plane and the REST API — until Ctrl-C or
/// SIGTERM (VMs keep running; the next <c>up</c> re-attaches). <c>--background</c> starts it detached and returns once
/// it answers.
/// </summary>
internal static class UpCommand
{
    public const string NoNamespace = "none";

    public static Command Create(CliContext context)
    {
        var listen = new Option<string?>("--listen") { Description = $"HOST:PORT to serve the API on (default: $NINES_LISTEN, else {ControlPlaneServerOptions.DefaultListen}; port 0 picks a free one)" };
        var data = new Option<string?>("--data") { Description = "Data directory (default: $NINES_HOME/data, else $XDG_DATA_HOME/nines, else ~/.local/share/nines)" };
        var driver = new Option<string?>("--driver") { Description = "qemu (real guests) or fake (pretend VMs, for demos and tests); default: $NINES_DRIVER, else qemu" };
        var netns = new Option<string?>("--netns") { Description = $"Network namespace for the scenarios' host side, created when missing (default: {NetworkNamespaceSetup.DefaultName}; {NoNamespace} = this machine's own namespace)" };
        var background = new Option<bool>("--background") { Description = "Start detached (log: DATA/controller.log) and return once the API answers" };
        var logLevel = new Option<string?>("--log-level") { Description = $"What the controller logs: {CliLogging.LevelNames} (default: information)" };
        var logFormat = new Option<string?>("--log-format") { Description = "How it logs to the console (DATA/controller.log in the background): text (default) or json, one object per line" };
        var imageRoot = new Option<string[]>("--image-root") { Description = "A shared image library (repeatable): with DATA/images/<tenant>, the only places scenarios sent to the API may take kernels, disk images and hostfs roots from" };
        var hostSide = HostSideArgument.Create();
        var tls = new Option<bool>("--tls") { Description = "Serve the API over HTTPS with a certificate from the data directory's CA (DATA/tls, created on the first start; clients trust DATA/tls/ca.crt). Always on with --store" };
        var tlsCert = new Option<string?>("--tls-cert") { Description = "Serve HTTPS with this server certificate (PEM) instead; with --tls-key" };
        var tlsKey = new Option<string?>("--tls-key") { Description = "The private key (PEM) of --tls-cert" };
        var insecureHttp = new Option<bool>("--insecure-http") { Description = "Allow plain HTTP on a --listen address that is not loopback (tokens cross the network in clear)" };
        var cluster = ClusterOptions.Create();
        var command = new Command("up", "Run this machine's controller: store, Open vSwitch, VM driver, agent, reconciler and the REST API")
        {
            listen, data, driver, netns, background, logLevel, logFormat, imageRoot, tls, tlsCert, tlsKey, insecureHttp, hostSide,
        };
        cluster.AddTo(command);
        command.SetAction((parse, cancellationToken) => RunAsync(
            context,
            new UpArguments(parse.GetValue(listen), parse.GetValue(data), parse.GetValue(driver), parse.GetValue(netns), parse.GetValue(background))
            {
                Cluster = cluster.Read(parse),
                LogLevel = parse.GetValue(logLevel),
                LogFormat = parse.GetValue(logFormat),
                ImageRoots = [.. (parse.GetValue(imageRoot) ?? []).Select(Path.GetFullPath)],
                HostSide = parse.GetValue(hostSide),
                Tls = parse.GetValue(tls),
                TlsCertificateFile = parse.GetValue(tlsCert) is { } certificate ? Path.GetFullPath(certificate) : null,
                TlsKeyFile = parse.GetValue(tlsKey) is { } key ? Path.GetFullPath(key) : null,
                InsecureHttp = parse.GetValue(insecureHttp),
            },
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, UpArguments args, CancellationToken cancellationToken)
    {
        var driverName = args.Driver ?? context.Variable("NINES_DRIVER") ?? "qemu";
        if (!Enum.TryParse<EmbeddedDriverKind>(driverName, ignoreCase: true, out var driver) || !Enum.IsDefined(driver))
        {
            await context.Error.WriteLineAsync($"nines up: --driver \"{driverName}\" is not a driver (expected qemu or fake)").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var listen = args.Listen ?? context.Variable("NINES_LISTEN") ?? ControlPlaneServerOptions.DefaultListen;
        try
        {
            ControlPlaneServerOptions.ListenUrl(listen);
        }
        catch (ArgumentException e)
        {
            await context.Error.WriteLineAsync($"nines up: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        if (args.Cluster.Validate() is { } clusterError)
        {
            await context.Error.WriteLineAsync($"nines up: {clusterError}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var listenProblems = (args.HostOptions(listen) with { Store = args.Cluster.Store }).Problems();
        if (listenProblems.Count > 0)
        {
            foreach (var problem in listenProblems)
            {
                await context.Error.WriteLineAsync($"nines up: {problem}").ConfigureAwait(false);
            }

            return ExitCodes.Usage;
        }

        if (!CliLogging.TryParse(args.LogLevel, args.LogFormat, out var logging, out var loggingError))
        {
            await context.Error.WriteLineAsync($"nines up: {loggingError}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        if (HostSideArgument.Parse(args.HostSide, out var hostSideError) is not { } hostSide)
        {
            await context.Error.WriteLineAsync($"nines up: {hostSideError}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var data = ControllerResolver.DataDirectory(context, args.Data);
        var netns = args.Netns ?? NetworkNamespaceSetup.DefaultName;
        if (await RunningAsync(data, cancellationToken).ConfigureAwait(false) is { } running)
        {
            await context.Out.WriteLineAsync($"nines up: a controller already runs for {data} at {running.Url} (pid {running.Pid})").ConfigureAwait(false);
            return args.Background ? ExitCodes.Ok : ExitCodes.Usage;
        }

        if (args.Background)
        {
            string[] upArguments = ["--data", data, "--listen", listen, "--driver", driver.ToString().ToLowerInvariant(), "--netns", netns, .. logging.Arguments(), .. args.Cluster.Arguments(), .. args.ImageRoots.SelectMany(r => new[] { "--image-root", r }), .. args.TlsArguments(), "--host-side", HostSideArgument.Format(hostSide)];
            try
            {
                var info = await BackgroundLauncher.StartAsync(data, upArguments, context.Error, cancellationToken).ConfigureAwait(false);
                await PrintAsync(context.Out, info, data, AdminTokenFile.PathIn(data), tokenCreated: null).ConfigureAwait(false);
                await context.Out.WriteLineAsync($"  stop:        kill {info.Pid}   (VMs keep running; the next `nines up` re-attaches them)").ConfigureAwait(false);
                return ExitCodes.Ok;
            }
            catch (InvalidOperationException e)
            {
                await context.Error.WriteLineAsync($"nines up: {e.Message}").ConfigureAwait(false);
                return ExitCodes.OperationFailed;
            }
        }

        return await RunForegroundAsync(context, data, listen, driver, netns == NoNamespace ? null : netns, args with { HostSideMode = hostSide }, logging, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<int> RunForegroundAsync(CliContext context, string data, string listen, EmbeddedDriverKind driver, string? netns, UpArguments args, CliLogging logging, CancellationToken cancellationToken)
    {
        var cluster = args.Cluster;
        ControlPlaneServer host;
        try
        {
            host = await ControlPlaneServer.StartAsync(
                args.HostOptions(listen) with
                {
                    DataDirectory = data,
                    Driver = driver,
                    NetworkNamespace = netns,
                    ImageRoots = args.ImageRoots,
                    HostSide = args.HostSideMode,
                    Store = cluster.Store,
                    CaDirectory = cluster.CaDirectory,
                    LocalAgentHost = cluster.AgentHost,
                    LocalAgentUplink = cluster.Uplink,
                    StartProgress = new LineProgress(context.Out),
                    Logging = logging,
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Ok;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException or InvalidDataException or Networking.Commands.NetworkCommandException or Images.GuestImageException)
        {
            await context.Error.WriteLineAsync($"nines up: could not start: {e.Message}").ConfigureAwait(false);
            return ExitCodes.OperationFailed;
        }

        await using (host.ConfigureAwait(false))
        {
            await PrintAsync(context.Out, host.Info, data, host.AdminTokenPath, host.AdminTokenCreated).ConfigureAwait(false);
            await context.Out.WriteLineAsync($"  stop:        Ctrl-C or kill {host.Info.Pid}   (VMs keep running; the next `nines up` re-attaches them)").ConfigureAwait(false);
            var stopped = new TaskCompletionSource();
            await using var registration = cancellationToken.Register(() => stopped.TrySetResult()).ConfigureAwait(false);
            var ended = await Task.WhenAny(stopped.Task, host.Completion).ConfigureAwait(false);
            if (ended == host.Completion && host.Completion.IsFaulted)
            {
                await context.Error.WriteLineAsync($"nines up: the controller stopped: {host.Completion.Exception?.GetBaseException().Message}").ConfigureAwait(false);
                return ExitCodes.OperationFailed;
            }

            await context.Out.WriteLineAsync("nines up: stopping (VMs keep running)").ConfigureAwait(false);
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
            return ExitCodes.Ok;
        }
    }

    private static async Task<ControllerInfo?> RunningAsync(string data, CancellationToken cancellationToken)
    {
        if (ControllerInfo.TryRead(data) is not { } info)
        {
            return null;
        }

        using var client = ControllerTrust.Client(new Uri(info.Url), null, Nines.Contracts.Security.NinesCertificateAuthority.TryReadCertificate(data) is { } ca ? [ca] : []);
        return await client.TryHealthAsync(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false) is null ? null : info;
    }

    private static async Task PrintAsync(TextWriter output, ControllerInfo info, string data, string tokenPath, bool? tokenCreated)
    {
        var where = info.Store is { } store ? $"cluster store {store}, hosts: the agents registered there"
            : info.NetworkNamespace is { } ns ? $"host side in network namespace \"{ns}\""
            : info.Driver == "fake" ? "no host networking" : "host side in this machine's own namespace";
        var token = tokenCreated switch { true => " (created)", false => " (kept)", null => string.Empty };
        await output.WriteLineAsync($"nines: controller running at {info.Url} (pid {info.Pid}, driver {info.Driver}, {where})").ConfigureAwait(false);
        await output.WriteLineAsync($"  data:        {data}").ConfigureAwait(false);
        await output.WriteLineAsync($"  admin token: {tokenPath}{token}, readable only by you").ConfigureAwait(false);
        await output.WriteLineAsync("  use it:      nines deploy FILE, nines status, nines vm list   (they find it through DATA/controller.json)").ConfigureAwait(false);
        var caFile = Nines.Contracts.Security.NinesCertificateAuthority.CertificatePathIn(data);
        var trust = info.Url.StartsWith("https:", StringComparison.Ordinal) && File.Exists(caFile) ? $" NINES_CA_CERT={caFile}" : string.Empty;
        await output.WriteLineAsync($"  elsewhere:   NINES_CONTROLLER={info.Url} NINES_TOKEN=$(cat {tokenPath}){trust} nines status").ConfigureAwait(false);
        if (trust.Length > 0)
        {
            await output.WriteLineAsync($"  curl:        curl --cacert {caFile} -H \"Authorization: Bearer $(cat {tokenPath})\" {info.Url}v1/deployments").ConfigureAwait(false);
        }
    }

    private sealed record UpArguments(string? Listen, string? Data, string? Driver, string? Netns, bool Background)
    {
        public ClusterArguments Cluster { get; init; } = new(null, null, null, null);

        public string? LogLevel { get; init; }

        public string? LogFormat { get; init; }

        public IReadOnlyList<string> ImageRoots { get; init; } = [];

        public string? HostSide { get; init; }

        public Nines.Networking.Planning.HostSideMode HostSideMode { get; init; }

        public bool Tls { get; init; }

        public string? TlsCertificateFile { get; init; }

        public string? TlsKeyFile { get; init; }

        public bool InsecureHttp { get; init; }

        /// <summary>The listen and TLS options as the controller host takes them.</summary>
        public ControlPlaneServerOptions HostOptions(string listen) =>
            new() { Listen = listen, Tls = Tls, TlsCertificateFile = TlsCertificateFile, TlsKeyFile = TlsKeyFile, InsecureHttp = InsecureHttp };

        /// <summary>The same TLS options for a background <c>up</c>.</summary>
        public IEnumerable<string> TlsArguments()
        {
            if (Tls)
            {
                yield return "--tls";
            }

            if (InsecureHttp)
            {
                yield return "--insecure-http";
            }

            foreach (var (name, value) in new[] { ("--tls-cert", TlsCertificateFile), ("--tls-key", TlsKeyFile) })
            {
                if (value is not null)
                {
                    yield return name;
                    yield return value;
                }
            }
        }
    }

    /// <summary>Writes each report as it happens (Progress&lt;T&gt; would post it to the thread pool later).</summary>
    private sealed class LineProgress(TextWriter writer) : IProgress<string>
    {
        public void Report(string value) => writer.WriteLine($"nines up: {value}");
    }
}

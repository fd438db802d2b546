using System.CommandLine;
using Nines.Agent.Hosting;
using Nines.Cli.Hosting;
using Nines.Cli.Remote;
using Nines.Networking.Planning;
using Nines.Networking.Trunks;

namespace Nines.Cli.Commands;

/// <summary>
/// <c>nines agent</c>: runs one host of a cluster until Ctrl-C or SIGTERM — its VM driver, its Open vSwitch with the
/// host's uplink, the agent's HTTP endpoints, and its registration in the cluster's etcd store (capacity, load, agent
/// URL) under a lease renewed by a heartbeat. Stopping leaves the VMs running; the next start re-attaches them.
/// </summary>
internal static partial class AgentCommand
{
    public static Command Create(CliContext context)
    {
        var host = new Option<string>("--host") { Description = "The host name to register as (the planner's and nines hosts' name)", Required = true };
        var listen = new Option<string?>("--listen") { Description = $"HOST:PORT the agent serves the controller on (default 127.0.0.1:{AgentHostOptions.DefaultPort}; port 0 picks a free one)" };
        var advertise = new Option<string?>("--advertise") { Description = "The URL registered for the controller to call (default: the bound address)" };
        var store = new Option<string>("--store") { Description = "The cluster's etcd store the host registers in: etcd://HOST:PORT[,HOST:PORT...]", Required = true };
        var join = new Option<string?>("--join") { Description = "The one-time join token (nines host join-token HOST on the controller): the first start gets the host's certificate with it (kept in DATA/tls; later starts need no token)" };
        var controller = new Option<string?>("--controller") { Description = "With --join: the controller's https:// URL (default: $NINES_CONTROLLER, else the one running for NINES-DATA)" };
        var caCert = new Option<string?>("--ca-cert") { Description = "With --join: the CA (PEM) the controller's certificate chains to (default: $NINES_CA_CERT, else NINES-DATA/tls/ca.crt, else the machine's roots)" };
        var netns = new Option<string?>("--netns") { Description = "Run the host's networking (Open vSwitch, taps, host interfaces, routes) and QEMU inside this existing network namespace" };
        var uplink = new Option<string?>("--uplink") { Description = $"The bridge's link to the other hosts: {UplinkArgument.Syntax} (default: none)" };
        var driver = new Option<string?>("--driver") { Description = "qemu (real guests) or fake (pretend VMs); default: $NINES_DRIVER, else qemu" };
        var data = new Option<string?>("--data") { Description = "The host's directory (Open vSwitch, VM run directories); default NINES-DATA/agents/HOST" };
        var memory = new Option<long?>("--memory") { Description = "Memory the host offers VMs, in MiB (default: what this process sees available)" };
        var vcpus = new Option<int?>("--vcpus") { Description = "vCPUs the host offers (default: unlimited)" };
        var maxBoots = new Option<int?>("--max-boots") { Description = "QEMU guests booting at once on this host (default 2; hosts sharing one machine want fewer)" };
        var migrationAddress = new Option<string?>("--migration-address") { Description = "The IPv4 address other hosts send live migrations to (default 127.0.0.1: hosts on this machine's loopback)" };
        var noFence = new Option<bool>("--no-fence")
        {
            Description = "Do not fence: keep the VMs when the registration lease cannot be renewed (the controller then never restarts them elsewhere)",
        };
        var noGuard = new Option<bool>("--no-guard")
        {
            Description = "Do not start the fence guard (nines agent-guard), the process apart from the agent that renews its lease, restarts it and fences without it",
        };
        var allowHooks = new Option<bool>("--allow-hooks") { Description = "Run the administrator's hook commands the controller sends (nines host upgrade --hook), as this agent's user" };
        var logLevel = new Option<string?>("--log-level") { Description = $"What the agent logs: {CliLogging.LevelNames} (default: information)" };
        var logFormat = new Option<string?>("--log-format") { Description = "How it logs to the console: text (default) or json, one object per line" };
        var imageRoot = new Option<string[]>("--image-root") { Description = "A shared image library (repeatable): with NINES-DATA/images/<tenant> and the guest image, the only host files this host's VMs may use" };
        var hostSide = HostSideArgument.Create();
        var command = new Command("agent", "Run one host of a cluster: its VMs, networks and uplink, registered in the cluster's etcd store")
        {
            host, listen, advertise, store, join, controller, caCert, netns, uplink, driver, data, memory, vcpus, maxBoots, noFence, noGuard, allowHooks, migrationAddress, logLevel, logFormat, imageRoot, hostSide,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            context,
            new AgentArguments(
                parse.GetValue(host)!,
                parse.GetValue(listen),
                parse.GetValue(advertise),
                parse.GetValue(store)!,
                new AgentJoin.Request(parse.GetValue(join), parse.GetValue(controller), parse.GetValue(caCert)),
                parse.GetValue(netns),
                parse.GetValue(uplink),
                parse.GetValue(driver),
                parse.GetValue(data),
                parse.GetValue(memory),
                parse.GetValue(vcpus))
            {
                MaxBoots = parse.GetValue(maxBoots),
                NoFence = parse.GetValue(noFence),
                NoGuard = parse.GetValue(noGuard),
                AllowHooks = parse.GetValue(allowHooks),
                MigrationAddress = parse.GetValue(migrationAddress),
                LogLevel = parse.GetValue(logLevel),
                LogFormat = parse.GetValue(logFormat),
                ImageRoots = parse.GetValue(imageRoot) ?? [],
                HostSide = parse.GetValue(hostSide),
            },
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, AgentArguments args, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var driverName = args.Driver ?? context.Variable("NINES_DRIVER") ?? "qemu";
        if (!Enum.TryParse<EmbeddedDriverKind>(driverName, ignoreCase: true, out var driver) || !Enum.IsDefined(driver))
        {
            problems.Add($"--driver \"{driverName}\" is not a driver (expected qemu or fake)");
        }

        if (!HostName().IsMatch(args.Host))
        {
            problems.Add($"--host \"{args.Host}\" is not a host name (letters, digits, '-', '_' and '.', at most 63 characters)");
        }

        string? listenUrl = null;
        HostUplink? uplink = null;
        Store.Etcd.EtcdStoreOptions? storeOptions = null;
        Collect(problems, () => listenUrl = ControlPlaneServerOptions.ListenUrl(args.Listen ?? $"127.0.0.1:{AgentHostOptions.DefaultPort}"));
        Collect(problems, () =>
        {
            var parsed = StoreAddress.Parse(args.Store);
            args = args with { Store = parsed.Canonical };
            storeOptions = parsed.StoreOptions();
        });
        Collect(problems, () => uplink = args.Uplink is null ? null : UplinkArgument.Parse(args.Uplink));
        if (args.MigrationAddress is { } migration && (!System.Net.IPAddress.TryParse(migration, out var ip) || ip.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork))
        {
            problems.Add($"--migration-address \"{migration}\" is not an IPv4 address");
        }

        if (args.Advertise is { } advertised && (!Uri.TryCreate(advertised, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps))
        {
            problems.Add($"--advertise \"{advertised}\" is not an https:// URL (the agent serves mutual TLS only)");
        }

        if (args.Join.CaFile is { } caFile && !File.Exists(caFile))
        {
            problems.Add($"--ca-cert \"{caFile}\": no such file");
        }

        if (args.Netns is { } ns && !File.Exists(Path.Combine("/run/netns", ns)))
        {
            problems.Add($"--netns \"{ns}\": no such network namespace (create it with ip netns add, or use nines testbed up)");
        }

        if (!CliLogging.TryParse(args.LogLevel, args.LogFormat, out var logging, out var loggingError))
        {
            problems.Add(loggingError!);
        }

        if (args.MaxBoots is < 1)
        {
            problems.Add($"--max-boots {args.MaxBoots}: at least 1");
        }

        var hostSide = HostSideArgument.Parse(args.HostSide, out var hostSideError) ?? HostSideMode.Namespace;
        if (hostSideError is not null)
        {
            problems.Add(hostSideError);
        }

        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                await context.Error.WriteLineAsync($"nines agent: {problem}").ConfigureAwait(false);
            }

            return ExitCodes.Usage;
        }

        var nines = ControllerResolver.DataDirectory(context, null);
        var data = Path.GetFullPath(args.Data ?? Path.Combine(nines, "agents", args.Host));
        AgentHost agent;
        using var loggers = logging.CreateFactory();

        // The guard restarts this agent with this process's own command line: only a real process has one.
        var guarded = !args.NoFence && !args.NoGuard && context.OwnProcess;
        var store = Store.Etcd.EtcdStateStore.Connect(storeOptions!);
        await using (store.ConfigureAwait(false))
        {
            try
            {
                var credentials = await AgentJoin.EnsureAsync(context, args.Host, data, nines, args.Join, cancellationToken).ConfigureAwait(false);
                agent = await AgentHost.StartAsync(
                    new AgentHostOptions(store, args.Host, credentials)
                    {
                        Driver = driver,
                        ListenUrl = listenUrl!,
                        AdvertisedUrl = args.Advertise,
                        MigrationAddress = args.MigrationAddress ?? "127.0.0.1",
                        DataDirectory = data,
                        NetworkNamespace = args.Netns,
                        Networks = NetworkPlannerOptions.Default with { HostSide = hostSide },
                        Uplink = uplink,
                        MemoryMiB = args.Memory,
                        Vcpus = args.Vcpus,
                        AllowHooks = args.AllowHooks,
                        LoadProbe = () => MachineLoad.Read(),
                        ImageRoots = [.. args.ImageRoots.Select(Path.GetFullPath)],

                        // The machine's tenant libraries, where a controller on this machine keeps them (not under the agent's own --data).
                        TenantLibraries = Path.Combine(nines, "images"),

                        // A host that cannot renew its lease destroys its VMs before the lease can expire, so the controller
                        // may restart them elsewhere after the published deadline without two copies ever running.
                        SelfFencing = args.NoFence ? null : new SelfFencingOptions(),
                        FenceGuard = guarded ? new AgentFenceGuardOptions([.. BackgroundLauncher.SelfCommand(), .. Environment.GetCommandLineArgs()[1..]]) : null,
                        Qemu = args.MaxBoots is { } boots ? new Drivers.Qemu.QemuDriverOptions { MaxConcurrentBoots = boots } : null,
                        StartProgress = new LineProgress(context.Out),
                        Logging = logging.Configure,
                        LoggerFactory = loggers,
                    },
                    cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return ExitCodes.Ok;
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException or InvalidDataException or ArgumentException
                or Networking.Commands.NetworkCommandException or Images.GuestImageException or HttpRequestException or NinesApiException or System.Security.Cryptography.CryptographicException)
            {
                await context.Error.WriteLineAsync($"nines agent: could not start host {args.Host}: {e.Message}").ConfigureAwait(false);
                return ExitCodes.OperationFailed;
            }

            await using (agent.ConfigureAwait(false))
            {
                return await ServeAsync(context, agent, args, driver, guarded, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task<int> ServeAsync(CliContext context, AgentHost agent, AgentArguments args, EmbeddedDriverKind driver, bool guarded, CancellationToken cancellationToken)
    {
        var info = new AgentInfo(agent.HostName, agent.Url.AbsoluteUri.TrimEnd('/'), Environment.ProcessId, args.Netns);
        info.Write(agent.DataDirectory);
        using var unwatch = new CancellationTokenSource();
        var watch = Task.CompletedTask;
        if (guarded)
        {
            var guard = GuardLauncher.EnsureRunning(agent.HostName, args.Store, agent.DataDirectory);
            await context.Out.WriteLineAsync($"nines agent: fence guard of host {agent.HostName}: pid {guard} (log {Path.Combine(agent.DataDirectory, GuardLauncher.LogFileName)})").ConfigureAwait(false);
            watch = GuardLauncher.WatchAsync(agent.HostName, args.Store, agent.DataDirectory, message => context.Out.WriteLine($"nines agent: {message}"), context.Time, unwatch.Token);
        }

        try
        {
            var where = args.Netns is { } ns ? $"networking in namespace \"{ns}\"" : "networking in this machine's namespace";
            await context.Out.WriteLineAsync($"nines agent: host {agent.HostName} registered in {args.Store} at {info.Url} (pid {info.Pid}, driver {driver.ToString().ToLowerInvariant()}, {where}, uplink {args.Uplink ?? "none"})").ConfigureAwait(false);
            await context.Out.WriteLineAsync($"  data: {agent.DataDirectory}   stop: Ctrl-C or kill {info.Pid} (VMs keep running; the next start re-attaches them)").ConfigureAwait(false);
            var stopped = new TaskCompletionSource();
            await using var registration = cancellationToken.Register(() => stopped.TrySetResult()).ConfigureAwait(false);
            var ended = await Task.WhenAny(stopped.Task, agent.Completion).ConfigureAwait(false);
            if (ended == agent.Completion && agent.Completion.IsFaulted)
            {
                await context.Error.WriteLineAsync($"nines agent: host {agent.HostName} stopped: {agent.Completion.Exception?.GetBaseException().Message}").ConfigureAwait(false);
                return ExitCodes.OperationFailed;
            }

            await context.Out.WriteLineAsync($"nines agent: stopping host {agent.HostName} (VMs keep running)").ConfigureAwait(false);

            // The guard goes first: it would restart an agent that stops on purpose.
            await unwatch.CancelAsync().ConfigureAwait(false);
            await watch.ConfigureAwait(false);
            if (guarded)
            {
                await GuardLauncher.StopAsync(agent.DataDirectory, CancellationToken.None).ConfigureAwait(false);
            }

            await agent.StopAsync(CancellationToken.None).ConfigureAwait(false);
            return ExitCodes.Ok;
        }
        finally
        {
            await unwatch.CancelAsync().ConfigureAwait(false);
            AgentInfo.DeleteIfOwnedBy(agent.DataDirectory, info.Pid);
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,62}\z")]
    private static partial System.Text.RegularExpressions.Regex HostName();

    private static void Collect(List<string> problems, Action parse)
    {
        try
        {
            parse();
        }
        catch (ArgumentException e)
        {
            problems.Add(e.Message);
        }
    }
}

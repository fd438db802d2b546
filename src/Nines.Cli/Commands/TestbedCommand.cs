using System.CommandLine;
using System.Globalization;
using Nines.Cli.Hosting;
using Nines.Cli.Output;
using Nines.Cli.Remote;
using Nines.Networking.Commands;
using Nines.Networking.Testbed;

namespace Nines.Cli.Commands;

/// <summary>
/// <c>nines testbed up N | down [ID] | list</c>: a cluster of N hosts on this machine, each a network namespace with
/// its own Open vSwitch, a management interface and a trunk interface onto a shared trunk bridge
/// (<see cref="NamespaceTestbed"/>). With <c>--agents</c> each host also gets a <c>nines agent</c> (detached, its
/// networking and QEMU in the host's namespace, its uplink the host's trunk or a VXLAN over the management
/// network), registered in the given etcd store for a controller (<c>nines up --store</c>) to use.
/// </summary>
internal static class TestbedCommand
{
    public static Command Create(CliContext context)
    {
        var directory = new Option<string?>("--dir") { Description = $"Where testbeds keep their state (default: {NamespaceTestbedOptions.DefaultBaseDirectory})" };
        var command = new Command("testbed", "Namespace hosts on this machine to try a cluster: up N, down, list");
        command.Subcommands.Add(Up(context, directory));
        command.Subcommands.Add(Down(context, directory));
        command.Subcommands.Add(List(context, directory));
        return command;
    }

    private static Command Up(CliContext context, Option<string?> directory)
    {
        var count = new Argument<int>("hosts") { Description = $"How many hosts (1-{NamespaceTestbed.MaxHosts})" };
        var agents = new Option<bool>("--agents") { Description = "Start a nines agent for each host (needs --store)" };
        var store = new Option<string?>("--store") { Description = "With --agents: the etcd store the agents register in (etcd://HOST:PORT[,...])" };
        var driver = new Option<string?>("--driver") { Description = "With --agents: qemu or fake (default: $NINES_DRIVER, else qemu)" };
        var uplink = new Option<string>("--uplink") { Description = "With --agents: trunk (802.1q over each host's trunk0) or vxlan (over the management network)", DefaultValueFactory = _ => "trunk" };
        var controller = new Option<string?>("--controller") { Description = "With --agents: the cluster's controller, which mints each agent's join token (default: $NINES_CONTROLLER, else the one running for --data)" };
        var token = new Option<string?>("--token") { Description = "With --agents: an admin token of that controller (default: $NINES_TOKEN, else DATA/admin.token)" };
        var data = new Option<string?>("--data") { Description = "With --agents: the controller's data directory (its controller.json, admin.token and tls/ca.crt)" };
        var allowHooks = new Option<bool>("--allow-hooks") { Description = "With --agents: the agents run hook commands (nines host upgrade --hook)" };
        var command = new Command("up", "Make N namespace hosts (and, with --agents, a host agent in each, joined to the controller)") { count, agents, store, driver, uplink, controller, token, data, allowHooks, directory };
        command.SetAction((parse, cancellationToken) => UpAsync(
            context,
            new UpArguments(parse.GetValue(count), parse.GetValue(agents), parse.GetValue(store), parse.GetValue(driver), parse.GetValue(uplink)!, new ControllerArguments(parse.GetValue(controller), parse.GetValue(token), parse.GetValue(data)), BaseDirectory(parse.GetValue(directory))) { AllowHooks = parse.GetValue(allowHooks) },
            cancellationToken));
        return command;
    }

    private static Command Down(CliContext context, Option<string?> directory)
    {
        var id = new Argument<int?>("id") { Description = "The testbed's id (default: every testbed)", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("down", "Stop a testbed's agents, guests and Open vSwitch daemons and remove its namespaces") { id, directory };
        command.SetAction((parse, cancellationToken) => DownAsync(context, parse.GetValue(id), BaseDirectory(parse.GetValue(directory)), cancellationToken));
        return command;
    }

    private static Command List(CliContext context, Option<string?> directory)
    {
        var command = new Command("list", "The testbeds on this machine and their hosts") { directory };
        command.SetAction(parse => ListTestbeds(context, BaseDirectory(parse.GetValue(directory))));
        return command;
    }

    private static async Task<int> UpAsync(CliContext context, UpArguments args, CancellationToken cancellationToken)
    {
        if (args.Count is < 1 or > NamespaceTestbed.MaxHosts)
        {
            await context.Error.WriteLineAsync($"nines testbed up: {args.Count} hosts: a testbed has 1-{NamespaceTestbed.MaxHosts}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        if (args.Agents != (args.Store is not null) || args.Uplink is not ("trunk" or "vxlan"))
        {
            await context.Error.WriteLineAsync("nines testbed up: --agents and --store go together; --uplink is trunk or vxlan").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        if (args.Store is not null)
        {
            try
            {
                args = args with { Store = StoreAddress.Parse(args.Store).Canonical };
            }
            catch (ArgumentException e)
            {
                await context.Error.WriteLineAsync($"nines testbed up: {e.Message}").ConfigureAwait(false);
                return ExitCodes.Usage;
            }
        }

        NamespaceTestbed testbed;
        try
        {
            testbed = await NamespaceTestbed.UpAsync(args.Count, new NamespaceTestbedOptions(args.BaseDirectory), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NetworkCommandException or IOException or UnauthorizedAccessException)
        {
            await context.Error.WriteLineAsync($"nines testbed up: {e.Message}").ConfigureAwait(false);
            return ExitCodes.OperationFailed;
        }

        await context.Out.WriteLineAsync($"testbed {testbed.Id}: {testbed.Hosts.Count} hosts, management {testbed.ManagementSubnet}, bridges in namespace {testbed.NetworkNamespace}, state {testbed.Directory}").ConfigureAwait(false);
        if (args.Agents)
        {
            try
            {
                // Each agent joins the controller with a token of its own, minted here with the admin token.
                using var connection = await ControllerResolver.ConnectAsync(context, args.Controller, autoStart: false, cancellationToken).ConfigureAwait(false);
                var caFile = args.Controller.DataDirectory is null && context.Variable(ControllerTrust.CaVariable) is { } variable
                    ? variable
                    : Nines.Contracts.Security.NinesCertificateAuthority.CertificatePathIn(connection.DataDirectory);
                foreach (var host in testbed.Hosts)
                {
                    var join = await connection.Client.CreateJoinTokenAsync(host.Name, "30m", cancellationToken).ConfigureAwait(false);
                    string[] joining = ["--join", join.Value.Token, "--controller", connection.Client.BaseUrl.ToString(), .. File.Exists(caFile) ? new[] { "--ca-cert", caFile } : []];
                    var info = await AgentLauncher.StartAsync(HostDirectory(testbed, host), [.. AgentArguments(context, testbed, host, args), .. joining], cancellationToken).ConfigureAwait(false);
                    await context.Out.WriteLineAsync($"  {host.Name}: agent {info.Url} (pid {info.Pid}) registered in {args.Store}").ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is InvalidOperationException or NinesApiException)
            {
                await context.Error.WriteLineAsync($"nines testbed up: {e.Message}").ConfigureAwait(false);
                await TearDownAsync(testbed, CancellationToken.None).ConfigureAwait(false);
                return ExitCodes.OperationFailed;
            }
        }

        Print(context.Out, testbed);
        await context.Out.WriteLineAsync($"  remove it: nines testbed down {testbed.Id}").ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    private static string[] AgentArguments(CliContext context, NamespaceTestbed testbed, TestbedHost host, UpArguments args)
    {
        var uplink = args.Uplink == "trunk"
            ? $"trunk:{host.TrunkInterface}"
            : $"vxlan:{host.ManagementAddress}:{string.Join(',', testbed.Hosts.Where(h => h != host).Select(h => h.ManagementAddress))}";
        return
        [
            "--host", host.Name, "--listen", "127.0.0.1:0", "--store", args.Store!, "--netns", host.Namespace,
            "--uplink", uplink, "--migration-address", host.ManagementAddress, "--data", HostDirectory(testbed, host), "--driver", args.Driver ?? context.Variable("NINES_DRIVER") ?? "qemu",
            .. args.AllowHooks ? new[] { "--allow-hooks" } : [],
        ];
    }

    private static async Task<int> DownAsync(CliContext context, int? id, string baseDirectory, CancellationToken cancellationToken)
    {
        var directories = id is { } one ? [Path.Combine(baseDirectory, one.ToString(CultureInfo.InvariantCulture))] : NamespaceTestbed.List(baseDirectory);
        if (directories.Count == 0 || id is not null && !File.Exists(Path.Combine(directories[0], NamespaceTestbed.StateFileName)))
        {
            await context.Out.WriteLineAsync(id is null ? "nines testbed down: no testbed" : $"nines testbed down: no testbed {id} in {baseDirectory}").ConfigureAwait(false);
            return id is null ? ExitCodes.Ok : ExitCodes.NotFound;
        }

        try
        {
            foreach (var directory in directories)
            {
                if (NamespaceTestbed.Open(directory) is { } testbed)
                {
                    await TearDownAsync(testbed, cancellationToken).ConfigureAwait(false);
                    await context.Out.WriteLineAsync($"testbed {testbed.Id}: removed ({testbed.Hosts.Count} hosts)").ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is NetworkCommandException or IOException or InvalidDataException)
        {
            await context.Error.WriteLineAsync($"nines testbed down: {e.Message}").ConfigureAwait(false);
            return ExitCodes.OperationFailed;
        }

        return ExitCodes.Ok;
    }

    /// <summary>
    /// The agents and their fence guards first (so none re-creates anything; every one of a host's data directory, not
    /// only those its pid files name), then every process still in a host's namespace (the guests;
    /// deleting a namespace does not end them), then the testbed itself (Open vSwitch daemons, namespaces, directory).
    /// </summary>
    internal static async Task TearDownAsync(NamespaceTestbed testbed, CancellationToken cancellationToken)
    {
        var machine = new ProcessCommandRunner();
        foreach (var host in testbed.Hosts)
        {
            await AgentLauncher.StopAsync(HostDirectory(testbed, host), cancellationToken).ConfigureAwait(false);

            // The pid files name one agent and one guard, but more may run: the guard restarts a killed agent, the
            // agent restarts a stopped guard (even while it is being stopped here), a supervisor may start a second
            // agent. Every one whose command line names this host's data directory goes.
            await AgentProcessSweep.KillAllAsync(HostDirectory(testbed, host), cancellationToken).ConfigureAwait(false);

            // OS-level instances run in namespaces of their own, so the namespace sweep below does not find them.
            Agent.Guard.HostVmProcesses.KillAll(HostDirectory(testbed, host));
        }

        foreach (var host in testbed.Hosts)
        {
            var pids = await machine.RunAsync("ip", ["netns", "pids", host.Namespace], null, cancellationToken).ConfigureAwait(false);
            foreach (var pid in pids.Succeeded ? pids.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [])
            {
                // Open vSwitch is stopped by the testbed itself (gracefully, by its pid files).
                if (!IsOvsDaemon(pid))
                {
                    await machine.RunAsync("kill", ["-KILL", pid], null, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        await testbed.DownAsync(cancellationToken).ConfigureAwait(false);
    }

    private static bool IsOvsDaemon(string pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim() is "ovsdb-server" or "ovs-vswitchd";
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static int ListTestbeds(CliContext context, string baseDirectory)
    {
        var directories = NamespaceTestbed.List(baseDirectory);
        if (directories.Count == 0)
        {
            context.Out.WriteLine("no testbed");
            return ExitCodes.Ok;
        }

        foreach (var directory in directories)
        {
            try
            {
                if (NamespaceTestbed.Open(directory) is { } testbed)
                {
                    context.Out.WriteLine($"testbed {testbed.Id}: {testbed.Hosts.Count} hosts, management {testbed.ManagementSubnet}, state {testbed.Directory}");
                    Print(context.Out, testbed);
                }
            }
            catch (InvalidDataException e)
            {
                context.Error.WriteLine($"nines testbed list: {e.Message}");
            }
        }

        return ExitCodes.Ok;
    }

    private static void Print(TextWriter output, NamespaceTestbed testbed) =>
        TextTable.Write(output, ["HOST", "NAMESPACE", "MANAGEMENT", "TRUNK", "AGENT"], testbed.Hosts.Select(h => (IReadOnlyList<string>)
        [
            h.Name,
            h.Namespace,
            $"{h.ManagementAddress}/{h.ManagementPrefixLength.ToString(CultureInfo.InvariantCulture)} ({h.ManagementInterface})",
            h.TrunkInterface,
            AgentInfo.TryRead(HostDirectory(testbed, h)) is { } agent ? $"{agent.Url} (pid {agent.Pid})" : "-",
        ]));

    /// <summary>A host's directory: its agent's data (so the agent adopts the testbed's Open vSwitch in <c>ovs/</c>).</summary>
    private static string HostDirectory(NamespaceTestbed testbed, TestbedHost host) => Path.GetDirectoryName(host.RunDirectory)!;

    private static string BaseDirectory(string? option) => Path.GetFullPath(option ?? NamespaceTestbedOptions.DefaultBaseDirectory);

    private sealed record UpArguments(int Count, bool Agents, string? Store, string? Driver, string Uplink, ControllerArguments Controller, string BaseDirectory)
    {
        public bool AllowHooks { get; init; }
    }
}

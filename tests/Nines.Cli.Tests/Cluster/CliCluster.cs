using System.Text.Json;
using Nines.Cli.Commands;
using Nines.Cli.Hosting;
using Nines.Networking.Testbed;
using Nines.Testing;
using Nines.Testing.Etcd;

namespace Nines.Cli.Tests.Cluster;

/// <summary>
/// A cluster made the way a user makes one, on one machine: a real etcd member (started by the test), then
/// <c>nines up --store etcd://…</c> and one <c>nines agent</c> per host, each a long-running CLI invocation in this
/// process (cancelled at the end, as Ctrl-C would), and commands run against the controller with its admin token.
/// </summary>
internal sealed class CliCluster : IAsyncDisposable
{
    private static readonly TimeSpan _startTimeout = TimeSpan.FromMinutes(3);

    private readonly List<RunningCommand> _running = [];

    private readonly EtcdTestSecurity? _security;

    private CliCluster(EtcdServer etcd, string root, EtcdTestSecurity? security = null, string? storeOptions = null)
    {
        Etcd = etcd;
        Root = root;
        _security = security;
        Store = storeOptions is null ? $"etcd://{Etcd.ClientUrl.Authority}" : $"etcds://{Etcd.ClientUrl.Authority}?{storeOptions}";
    }

    public EtcdServer Etcd { get; }

    /// <summary>A short temporary directory (QEMU's socket paths are limited to 108 bytes).</summary>
    public string Root { get; }

    /// <summary>The <c>--store</c> address every controller and agent is given.</summary>
    public string Store { get; }

    public string ControllerData => Path.Combine(Root, "controller");

    /// <summary>The cluster's CA: the first controller's <c>DATA/tls</c>, which every other controller is given with <c>--ca</c>.</summary>
    public string CaDirectory => Nines.Contracts.Security.NinesCertificateAuthority.DirectoryIn(ControllerData);

    /// <summary>The CA certificate commands and agents verify the controllers with.</summary>
    public string CaCertificate => Path.Combine(CaDirectory, Nines.Contracts.Security.NinesCertificateAuthority.CertificateFileName);

    public string? ControllerUrl { get; private set; }

    public string? AdminToken { get; private set; }

    /// <summary>Why these tests cannot run here, or null.</summary>
    public static string? Missing => EtcdServer.FindBinary() is null ? TestRequirements.SkipReason("etcd not installed (eng/require.sh installs Debian's etcd-server)") : null;

    public static async Task<CliCluster> StartAsync()
    {
        var etcd = await EtcdServer.StartAsync(new EtcdServerOptions { DataRoot = Directory.Exists("/dev/shm") ? "/dev/shm" : null });
        return new CliCluster(etcd, Directory.CreateTempSubdirectory("ncl-").FullName);
    }

    /// <summary>
    /// A cluster whose etcd serves TLS only to clients with a certificate its CA signed and has authentication on:
    /// the store address carries ca=, cert=, key=, user= and password-file= (the password in a 0600 file).
    /// </summary>
    public static async Task<CliCluster> StartSecuredAsync()
    {
        var security = EtcdTestSecurity.Create();
        var etcd = await EtcdServer.StartAsync(new EtcdServerOptions
        {
            DataRoot = Directory.Exists("/dev/shm") ? "/dev/shm" : null,
            Tls = new EtcdServerTls(security.ServerCertificateFile, security.ServerKeyFile, security.AuthorityFile),
        });
        const string password = "cluster-secret";
        await security.EnableAuthAsync(etcd.ClientUrl, "nines", password);
        var root = Directory.CreateTempSubdirectory("ncl-").FullName;
        var passwordFile = Path.Combine(root, "etcd-password");
        File.WriteAllText(passwordFile, password + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var options = $"ca={security.AuthorityFile}&cert={security.ClientCertificateFile}&key={security.ClientKeyFile}&user=nines&password-file={passwordFile}";
        return new CliCluster(etcd, root, security, options);
    }

    /// <summary>Runs <c>nines up --store</c> until disposal and waits until its API answers; commands then go to it.</summary>
    public Task<RunningCommand> StartControllerAsync(string driver, params string[] extra) => StartControllerAtAsync(ControllerData, driver, extra);

    /// <summary>
    /// Runs another <c>nines up --store</c> on the same store with its own data directory (a second controller of the
    /// cluster), waits until its API answers, and sends the following commands to it.
    /// </summary>
    public async Task<RunningCommand> StartControllerAtAsync(string data, string driver, params string[] extra)
    {
        var command = Start(["up", "--store", Store, "--listen", "127.0.0.1:0", "--data", data, "--driver", driver, "--ca", CaDirectory, .. extra]);
        await WaitAsync(command, "the controller", () => ControllerInfo.TryRead(data) is not null && File.Exists(AdminTokenFile.PathIn(data)));
        ControllerUrl = ControllerInfo.TryRead(data)!.Url;
        AdminToken = File.ReadAllText(AdminTokenFile.PathIn(data)).Trim();
        return command;
    }

    /// <summary>Sends the following commands to the controller whose data directory this is.</summary>
    public void UseController(string data)
    {
        ControllerUrl = ControllerInfo.TryRead(data)!.Url;
        AdminToken = File.ReadAllText(AdminTokenFile.PathIn(data)).Trim();
    }

    /// <summary>
    /// Runs <c>nines agent --host HOST</c> until disposal and waits until it is registered (its agent.json). An agent
    /// that has no certificate yet joins the controller with a join token minted for it (<c>nines host join-token</c>).
    /// </summary>
    public async Task<RunningCommand> StartAgentAsync(string host, string data, string driver, params string[] extra)
    {
        string[] join = Nines.Contracts.Security.TlsCredentials.TryLoad(data) is null
            ? ["--join", await JoinTokenAsync(host), "--controller", ControllerUrl!, "--ca-cert", CaCertificate]
            : [];
        var command = Start(["agent", "--host", host, "--store", Store, "--listen", "127.0.0.1:0", "--data", data, "--driver", driver, .. join, .. extra]);
        await WaitAsync(command, $"agent {host}", () => AgentInfo.TryRead(data) is not null);
        return command;
    }

    /// <summary>A testbed of <paramref name="hosts"/> namespace hosts, kept under this cluster's directory.</summary>
    public Task<NamespaceTestbed> UpTestbedAsync(int hosts, CancellationToken ct) =>
        NamespaceTestbed.UpAsync(hosts, new NamespaceTestbedOptions(Path.Combine(Root, "tb")), ct);

    /// <summary>Stops the agents and the controller, then removes the testbed: guests, Open vSwitch daemons, namespaces.</summary>
    public async Task DownAsync(NamespaceTestbed testbed)
    {
        await StopCommandsAsync();
        await TestbedCommand.TearDownAsync(testbed, CancellationToken.None);
    }

    /// <summary>Mints a join token for <paramref name="host"/> on the controller (<c>nines host join-token</c>).</summary>
    public async Task<string> JoinTokenAsync(string host)
    {
        var minted = await RunAsync("host", "join-token", host);
        minted.ExitCode.ShouldBe(0, minted.Out + minted.Error);
        return minted.Out.Trim();
    }

    /// <summary>
    /// Gives the agent of <paramref name="host"/> its certificate straight from the cluster's CA, as a completed join
    /// leaves it: for agents that run where the controller's API cannot be reached (inside a host namespace).
    /// </summary>
    public void ProvisionAgent(string host, string data)
    {
        using var authority = Nines.Contracts.Security.NinesCertificateAuthority.LoadOrCreate(CaDirectory, TimeProvider.System);
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        using var certificate = authority.SignAgentRequest(host, Nines.Contracts.Security.NinesCertificateAuthority.CreateAgentRequestPem(host, key));
        Nines.Contracts.Security.TlsCredentials.Save(data, key.ExportPkcs8PrivateKeyPem(), certificate.ExportCertificatePem(), authority.Certificate.ExportCertificatePem());
    }

    /// <summary>Runs a command against the controller with the admin token, trusting the cluster's CA.</summary>
    public Task<CliResult> RunAsync(params string[] args)
    {
        var options = new[] { "--controller", ControllerUrl!, "--token", AdminToken! };
        var dash = Array.IndexOf(args, "--");
        string[] full = dash < 0 ? [.. args, .. options] : [.. args[..dash], .. options, .. args[dash..]];
        return CliRunner.RunWithEnvironmentAsync(new Dictionary<string, string> { [Nines.Cli.Remote.ControllerTrust.CaVariable] = CaCertificate }, full);
    }

    /// <summary>Runs a command and parses its <c>--output json</c>.</summary>
    public async Task<JsonElement> JsonAsync(params string[] args)
    {
        var result = await RunAsync([.. args, "--output", "json"]);
        result.ExitCode.ShouldBe(0, result.Out + result.Error);
        return JsonDocument.Parse(result.Out).RootElement.Clone();
    }

    /// <summary>Stops a long-running command as Ctrl-C does and returns its exit code and output.</summary>
    public static async Task<CliResult> StopAsync(RunningCommand command)
    {
        await command.Stop.CancelAsync();
        var exit = await command.Run;
        return new CliResult(exit, command.Out.ToString(), command.Error.ToString());
    }

    /// <summary>Stops every long-running command, the last started first (agents before the controller).</summary>
    public async Task StopCommandsAsync()
    {
        foreach (var command in Enumerable.Reverse(_running))
        {
            if (!command.Run.IsCompleted)
            {
                await StopAsync(command);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopCommandsAsync();
        foreach (var command in _running)
        {
            command.Stop.Dispose();
        }

        await Etcd.DisposeAsync();
        _security?.Dispose();
        Directory.Delete(Root, recursive: true);
    }

    private RunningCommand Start(string[] args)
    {
        var output = new SynchronizedStringWriter();
        var error = new SynchronizedStringWriter();
        var stop = new CancellationTokenSource();
        var context = new CliContext(output, error, Interactive: false, Environment: _ => null);
        var command = new RunningCommand(string.Join(' ', args), Task.Run(() => NinesCli.RunAsync(args, context, stop.Token)), stop, output, error);
        _running.Add(command);
        return command;
    }

    private static async Task WaitAsync(RunningCommand command, string what, Func<bool> ready)
    {
        var deadline = TimeProvider.System.GetUtcNow() + _startTimeout;
        while (!ready())
        {
            if (command.Run.IsCompleted)
            {
                throw new InvalidOperationException($"{what} ended with {await command.Run} before it was ready:\n{command.Out}\n{command.Error}");
            }

            if (TimeProvider.System.GetUtcNow() > deadline)
            {
                throw new TimeoutException($"{what} was not ready in time:\n{command.Out}\n{command.Error}");
            }

            await Task.Delay(100);
        }
    }
}

/// <summary>A long-running CLI invocation (<c>up</c>, <c>agent</c>) in this process.</summary>
internal sealed record RunningCommand(string CommandLine, Task<int> Run, CancellationTokenSource Stop, SynchronizedStringWriter Out, SynchronizedStringWriter Error);

/// <summary>A string writer several threads may write to (a command's output while the test reads it).</summary>
internal sealed class SynchronizedStringWriter : StringWriter
{
    private readonly Lock _gate = new();

    public override void Write(char value)
    {
        lock (_gate)
        {
            base.Write(value);
        }
    }

    public override void Write(string? value)
    {
        lock (_gate)
        {
            base.Write(value);
        }
    }

    public override void WriteLine(string? value)
    {
        lock (_gate)
        {
            base.WriteLine(value);
        }
    }

    public override Task WriteLineAsync(string? value)
    {
        WriteLine(value);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(string? value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    public override string ToString()
    {
        lock (_gate)
        {
            return base.ToString();
        }
    }
}

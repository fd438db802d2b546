using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Nines.Agent.Convergence;
using Nines.Agent.Server;
using Nines.Contracts.Hosting;
using Nines.Contracts.Model;
using Nines.Contracts.Repositories;
using Nines.Drivers.Routing;
using Nines.Networking.Ovs;

namespace Nines.Agent.Hosting;

/// <summary>
/// One host's agent as a process (what <c>nines agent</c> runs on each host): the VM driver and the host's networks
/// (Open vSwitch it owns, or in memory with the fake driver), a <see cref="LocalHostAgent"/> over them served over
/// mutual TLS (<see cref="AgentEndpoints"/>, Kestrel: its own certificate, only the controller's accepted), and the host's registration in the cluster's store under a lease,
/// renewed by a heartbeat, with the URL the controller calls.
/// Its VM side is a <see cref="HostVmStack"/>; a cluster's controller is <c>Nines.Controller.Hosting.ClusterController</c>,
/// in another process, reaching this one over HTTPS.
/// </summary>
/// <remarks>
/// Parallel to the embedded host (<c>Nines.Embedded.EmbeddedHost</c>), without the controller and the store (the cluster's, given). Stopping
/// leaves the VMs running and the networks in place; the next start re-attaches to them (its first convergence
/// pass). The registration is not withdrawn: it lapses after the lease's TTL unless the agent is back by then.
/// </remarks>
public sealed partial class AgentHost : IAsyncDisposable
{
    private readonly AgentHostOptions _options;
    private readonly CancellationTokenSource _stop = new();
    private WebApplication? _web;
    private HostVmStack? _runtime;
    private Task _heartbeatTask = Task.CompletedTask;
    private SelfFencingHeartbeat? _fencing;
    private bool _stopped;
    private AgentDataLock? _dataLock;
    private ILogger _logger = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
    private Hooks.HostVersionProbe? _versions;

    private AgentHost(AgentHostOptions options, string dataDirectory)
    {
        _options = options;
        DataDirectory = dataDirectory;
        Hosts = new HostRepository(options.Store);
    }

    public string HostName => _options.HostName;

    /// <summary>Where the Open vSwitch run directory and the VMs' run directories are.</summary>
    public string DataDirectory { get; }

    /// <summary>The URL registered for the controller (the bound address unless <see cref="AgentHostOptions.AdvertisedUrl"/> says otherwise).</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>The host's agent the endpoints serve.</summary>
    public LocalHostAgent Agent { get; private set; } = null!;

    /// <summary>The VM driver the agent runs.</summary>
    public RoutingVmDriver Driver => _runtime?.Driver ?? throw new InvalidOperationException("the agent host is not started");

    /// <summary>The Open vSwitch instance (null with the fake driver, whose networks stay in memory).</summary>
    public OvsDaemon? Ovs => _runtime?.Ovs;

    /// <summary>The host registrations in the cluster's store (this host's among them).</summary>
    public HostRepository Hosts { get; }

    /// <summary>Ends when the heartbeat stops: normally at <see cref="StopAsync"/>.</summary>
    public Task Completion => _heartbeatTask;

    /// <summary>Composes and starts the agent: driver and networks, the HTTP endpoints, then the registration and its heartbeat.</summary>
    public static async Task<AgentHost> StartAsync(AgentHostOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.HostName);
        ArgumentNullException.ThrowIfNull(options.Credentials);
        if (options.Credentials.AgentHost != options.HostName)
        {
            throw new ArgumentException($"the agent's certificate is for host \"{options.Credentials.AgentHost ?? "(none)"}\", not \"{options.HostName}\": the controller would refuse to talk to it", nameof(options));
        }

        var data = Path.GetFullPath(options.DataDirectory ?? Path.Combine(NinesDataDirectory.Default(), "agents", options.HostName));
        Directory.CreateDirectory(data);
        var host = new AgentHost(options, data) { _dataLock = AgentDataLock.Acquire(data, options.HostName) };
        try
        {
            await host.StartCoreAsync(cancellationToken).ConfigureAwait(false);
            return host;
        }
        catch
        {
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Stops the heartbeat and the endpoints and lets go of the driver; VMs keep running. Idempotent. A self-fencing
    /// agent withdraws its fencing contract first: its VMs keep running, so they must not be restarted elsewhere.
    /// </summary>
    public Task StopAsync(CancellationToken cancellationToken) => StopCoreAsync(withdraw: true, cancellationToken);

    private async Task StopCoreAsync(bool withdraw, CancellationToken cancellationToken)
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _heartbeatTask.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Asked to stop.
        }

        await _switchWatch.ConfigureAwait(false);

        if (withdraw && _fencing is not null)
        {
            await WithdrawQuietlyAsync(_fencing, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            if (_web is not null)
            {
                await _web.StopAsync(cancellationToken).ConfigureAwait(false);
                await _web.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            try
            {
                if (_runtime is not null)
                {
                    await _runtime.DisposeAsync().ConfigureAwait(false);
                }
            }
            finally
            {
                // Last: the next agent for this directory may start only once nothing of this one touches it.
                _dataLock?.Dispose();
                _stop.Dispose();
            }
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None).ConfigureAwait(false);

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        var hostPaths = Drivers.HostPaths.HostPathProbe.Resolved(_options.ImageRoots, _options.TenantLibraries ?? Path.Combine(DataDirectory, "images"));
        _runtime = await HostVmStack.StartAsync(
            new HostVmStackOptions(DataDirectory)
            {
                Driver = _options.Driver,
                NetworkNamespace = _options.NetworkNamespace,
                CommandRunner = _options.CommandRunner,
                Networks = _options.Networks,
                Uplink = _options.Uplink,
                Qemu = _options.Qemu,
                Container = _options.Container,
                HostPaths = hostPaths,
                ImageCacheDirectory = _options.ImageCacheDirectory,
                FakeMachine = _options.FakeMachine,
                FakeDriver = _options.FakeDriver,
                StartProgress = _options.StartProgress,
                TimeProvider = _options.TimeProvider,
                LoggerFactory = _options.LoggerFactory,
            },
            cancellationToken).ConfigureAwait(false);
        var driver = _runtime.Driver;
        Agent = new LocalHostAgent(HostName, driver, _runtime.Networks)
        {
            StateDirectory = Path.Combine(DataDirectory, "state"),
            Time = _options.TimeProvider,
            MigrationAddress = _options.MigrationAddress,
            Logger = Microsoft.Extensions.Logging.LoggerFactoryExtensions.CreateLogger<LocalHostAgent>(_options.LoggerFactory),
            HostPaths = hostPaths.WithRoots([Drivers.HostPaths.HostPathProbe.Resolve(_runtime.GuestImageDirectory)]),
        };

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(AgentHost).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        _options.Logging?.Invoke(builder.Logging);
        builder.WebHost.UseUrls(ListenUrls());
        var credentials = _options.Credentials;

        // Certificates are valid in the world's time, not in the agent's (tests drive that with a fake clock).
        var time = TimeProvider.System;
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https =>
        {
            https.ServerCertificate = credentials.Certificate;
            https.ClientCertificateMode = Microsoft.AspNetCore.Server.Kestrel.Https.ClientCertificateMode.RequireCertificate;
            https.ClientCertificateValidation = (certificate, _, _) =>
                Nines.Contracts.Security.NinesIdentity.Verify(certificate, credentials.Authority, Nines.Contracts.Security.NinesIdentity.Controller, Nines.Contracts.Security.CertificateUsage.Client, time.GetUtcNow()) is null;
        }));
        _web = builder.Build();
        _web.MapNinesAgent(AgentEndpointOptions.For(Agent, driver.Name) with { Hooks = await StartHooksAsync(cancellationToken).ConfigureAwait(false) });
        await _web.StartAsync(cancellationToken).ConfigureAwait(false);
        Url = new Uri(_options.AdvertisedUrl ?? TcpUrl());
        _logger = ((ILoggerFactory)_web.Services.GetService(typeof(ILoggerFactory))!).CreateLogger<AgentHost>();
        StartSwitchWatch();

        // Registered only once the endpoints answer: the controller may call the agent as soon as it sees the record.
        if (_options.SelfFencing is { } fencing)
        {
            await StartFencingHeartbeatAsync(fencing, cancellationToken).ConfigureAwait(false);
            return;
        }

        var heartbeat = new HostHeartbeat(Hosts, HostRecordAt, _options.HostLeaseTtl, _options.HeartbeatInterval, _options.TimeProvider);
        await heartbeat.RegisterAsync(cancellationToken).ConfigureAwait(false);
        _heartbeatTask = Task.Run(() => heartbeat.RunAsync(_stop.Token), CancellationToken.None);
    }

    /// <summary>
    /// The listen URL (always HTTPS with client certificates) and the health socket in the data directory: a Unix
    /// socket, plain HTTP, where only <c>/health</c> answers (no client certificate there). The fence guard and
    /// <c>nines testbed</c> ask there, which works whatever happens to the host's links and needs no certificate. A
    /// socket left by a killed agent is replaced.
    /// </summary>
    private string[] ListenUrls()
    {
        var listen = _options.ListenUrl.StartsWith("http://", StringComparison.Ordinal) ? "https://" + _options.ListenUrl["http://".Length..] : _options.ListenUrl;
        var socket = Guard.FenceGuardLink.HealthSocketIn(DataDirectory);
        File.Delete(socket);
        return [listen, $"http://unix:{socket}"];
    }

    private string TcpUrl() => _web!.Urls.First(u => !u.StartsWith("http://unix:", StringComparison.Ordinal));

    private HostRecord HostRecordAt(DateTimeOffset now) =>
        new(HostName, Url.AbsoluteUri.TrimEnd('/'), _options.MemoryMiB ?? AvailableMemoryMiB(), _options.Vcpus, 0, Math.Clamp(_options.LoadProbe?.Invoke() ?? 0, 0, 1), now, _versions?.Current);

    // The versions are probed before the host registers, so its first record already carries them.
    private async Task<Hooks.HostHookRunner> StartHooksAsync(CancellationToken cancellationToken)
    {
        var processes = new Processes.ProcessRunner(_options.TimeProvider);
        _versions = new Hooks.HostVersionProbe(processes, _options.TimeProvider);
        await _versions.RefreshAsync(cancellationToken).ConfigureAwait(false);
        return new Hooks.HostHookRunner(new(Path.Combine(DataDirectory, "hooks"), _options.AllowHooks, HostName, processes, _versions, _options.TimeProvider));
    }

    private static long AvailableMemoryMiB() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024);
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nines.Agent.Hosting;
using Nines.Api;
using Nines.Api.Auth;
using Nines.Cli.Commands;
using Nines.Embedded;
using Nines.Networking.Commands;

namespace Nines.Cli.Hosting;

/// <summary>
/// What <c>nines up</c> runs: a control plane and Kestrel serving the REST API over its store, repositories and
/// agents. Without <see cref="ControlPlaneServerOptions.Store"/> that is the embedded control plane
/// (<see cref="EmbeddedHost"/>: SQLite, Open vSwitch, driver, local agent, controller); with an etcd store it is a
/// cluster's controller (<see cref="ClusterControlPlane"/>: the hosts are the agents registered in etcd). On start it
/// makes sure <c>DATA/admin.token</c> holds a working admin token and writes <c>DATA/controller.json</c>.
/// Not the elected controller (<c>Nines.Controller.Hosting.ElectedController</c>, inside the cluster variant) and not
/// an agent process (<c>Nines.Agent.Hosting.AgentHost</c>, what <c>nines agent</c> runs).
/// </summary>
internal sealed partial class ControlPlaneServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Func<Task> _stopControlPlane;
    private readonly ILoggerFactory _loggers;
    private readonly ControllerTls? _tls;
    private bool _stopped;

    private ControlPlaneServer(ControlPlaneParts parts, WebApplication app, Uri url, string adminToken, bool tokenCreated, ControllerInfo info, ILoggerFactory loggers, ControllerTls? tls)
    {
        _tls = tls;
        Parts = parts;
        _loggers = loggers;
        _app = app;
        _stopControlPlane = parts.StopAsync;
        Url = url;
        AdminToken = adminToken;
        AdminTokenCreated = tokenCreated;
        Info = info;
    }

    /// <summary>The embedded control plane (null for a cluster's controller).</summary>
    public EmbeddedHost? Embedded => Parts.Embedded;

    /// <summary>The cluster's controller (null for the embedded control plane).</summary>
    public ClusterControlPlane? Cluster => Parts.Cluster;

    /// <summary>The API's base address (the port Kestrel really bound).</summary>
    public Uri Url { get; }

    public string DataDirectory => Parts.DataDirectory;

    public string AdminTokenPath => AdminTokenFile.PathIn(DataDirectory);

    public string AdminToken { get; }

    /// <summary>This start created the admin token (the first start, or the old one no longer verified).</summary>
    public bool AdminTokenCreated { get; }

    public ControllerInfo Info { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Ends when the control plane stops; faulted when one of its loops failed for good (the store is gone).</summary>
    public Task Completion => Parts.Completion();

    private ControlPlaneParts Parts { get; }

    public static async Task<ControlPlaneServer> StartAsync(ControlPlaneServerOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Problems();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(options));
        }

        var listenUrl = ControlPlaneServerOptions.ListenUrl(options.Listen);
        var dataDirectory = Path.GetFullPath(options.DataDirectory ?? EmbeddedHostOptions.DefaultDataDirectory());
        Directory.CreateDirectory(dataDirectory);
        var tls = options.UsesTls ? ControllerTls.Start(options, dataDirectory, listenUrl, TimeProvider.System) : null;
        var namespaceName = options.Driver == EmbeddedDriverKind.Fake ? null : options.NetworkNamespace;
        var needsNamespace = options.Store is null || options.LocalAgentHost is not null;
        var createdNamespace = false;
        if (namespaceName is not null && needsNamespace)
        {
            if (await NetworkNamespaceSetup.EnsureAsync(namespaceName, new ProcessCommandRunner(), cancellationToken).ConfigureAwait(false))
            {
                createdNamespace = true;
                options.StartProgress?.Report($"created network namespace \"{namespaceName}\" (only lo; no route off this machine)");
            }
        }

        var loggers = options.Logging?.CreateFactory() ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance;
        ControlPlaneParts parts;
        try
        {
            parts = options.Store is null
                ? await StartEmbeddedAsync(options, namespaceName, loggers, cancellationToken).ConfigureAwait(false)
                : ControlPlaneParts.Of(await ClusterControlPlane.StartAsync(options with { NetworkNamespace = namespaceName }, tls!.Authority, loggers, cancellationToken).ConfigureAwait(false));
        }
        catch
        {
            tls?.Dispose();
            loggers.Dispose();
            await DeleteNamespaceAsync(createdNamespace ? namespaceName : null).ConfigureAwait(false);
            throw;
        }

        WebApplication? app = null;
        try
        {
            app = BuildApp(parts, listenUrl, tls, options.Logging);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var url = new Uri(app.Urls.First().TrimEnd('/') + "/");
            var (token, created) = await AdminTokenFile.EnsureAsync(app.Services.GetRequiredService<TokenService>(), parts.DataDirectory, cancellationToken).ConfigureAwait(false);
            var info = new ControllerInfo(
                url.ToString(),
                Environment.ProcessId,
                options.Driver.ToString().ToLowerInvariant(),
                needsNamespace ? namespaceName : null,
                options.Store,
                needsNamespace && ControllerInfo.NamespaceOwned(parts.DataDirectory, namespaceName, createdNamespace))
            {
                HostSide = HostSideArgument.Format(options.HostSide),
            };
            info.Write(parts.DataDirectory);
            return new ControlPlaneServer(parts, app, url, token, created, info, loggers, tls);
        }
        catch
        {
            if (app is not null)
            {
                await app.DisposeAsync().ConfigureAwait(false);
            }

            // A failed start leaves nothing behind (a port already in use, say): what it started goes again.
            if (parts.Embedded is { } embedded)
            {
                await embedded.AbandonStartAsync().ConfigureAwait(false);
            }

            await parts.StopAsync().ConfigureAwait(false);
            tls?.Dispose();
            loggers.Dispose();
            await DeleteNamespaceAsync(createdNamespace ? namespaceName : null).ConfigureAwait(false);
            throw;
        }
    }

    private static async Task DeleteNamespaceAsync(string? name)
    {
        if (name is not null)
        {
            await new ProcessCommandRunner().RunAsync("ip", ["netns", "del", name], null, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Stops serving and stops the control plane; VMs keep running for the next start to re-attach. Idempotent.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        ControllerInfo.DeleteIfOwnedBy(DataDirectory, Info.Pid);
        try
        {
            await _app.StopAsync(cancellationToken).ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            await _stopControlPlane().ConfigureAwait(false);
            _tls?.Dispose();
            _loggers.Dispose();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None).ConfigureAwait(false);

    private static async Task<ControlPlaneParts> StartEmbeddedAsync(ControlPlaneServerOptions options, string? namespaceName, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var embedded = await EmbeddedHost.StartAsync(
            new EmbeddedHostOptions
            {
                DataDirectory = options.DataDirectory,
                Driver = options.Driver,
                NetworkNamespace = namespaceName,
                Networks = Nines.Networking.Planning.NetworkPlannerOptions.Default with { HostSide = options.HostSide },
                StartProgress = options.StartProgress,
                LoggerFactory = loggers,
                ImageRoots = options.ImageRoots,
            },
            cancellationToken).ConfigureAwait(false);
        return ControlPlaneParts.Of(embedded);
    }

    private static WebApplication BuildApp(ControlPlaneParts parts, string listenUrl, ControllerTls? tls, CliLogging? logging)
    {
        // The content root is the data directory, not the caller's working directory: nothing there is served.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = parts.DataDirectory, EnvironmentName = Environments.Production });
        if (tls is null)
        {
            builder.WebHost.UseUrls(listenUrl);
        }
        else
        {
            builder.WebHost.UseUrls(ControllerTls.HttpsUrl(listenUrl));
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = tls.ServerCertificate));
            builder.Services.AddSingleton(tls.Authority);
        }

        builder.Logging.ClearProviders();
        logging?.Configure(builder.Logging);

        builder.Services.AddSingleton(parts.Store);
        builder.Services.AddSingleton(parts.Deployments);
        builder.Services.AddSingleton(parts.Hosts);
        builder.Services.AddSingleton(parts.Operations);
        builder.Services.AddSingleton(parts.Events);
        builder.Services.AddSingleton(parts.Agents);
        builder.Services.AddSingleton(parts.Loops);
        builder.Services.AddSingleton(parts.HostPaths);
        if (parts.Mapping is { } mapping)
        {
            builder.Services.AddSingleton(mapping);
        }

        // The availability manager runs beside the embedded host's driver; a cluster controller's changes with its
        // terms, so only drains reach it (through the handover), and its redundancy-group routes answer 503.
        // The embedded host's manager is replaced when its supervised run fails: resolved per request, never kept.
        if (parts.Embedded is { } embedded)
        {
            builder.Services.AddTransient(_ => embedded.Availability);
            builder.Services.AddSingleton<Nines.Controller.LiveMigration.IUnitHandover>(new Nines.Controller.AvailabilityShell.ElectedUnitHandover(() => embedded.Availability, embedded.Deployments));
        }
        else if (parts.Cluster is { } cluster)
        {
            builder.Services.AddSingleton<Nines.Controller.LiveMigration.IUnitHandover>(new Nines.Controller.AvailabilityShell.ElectedUnitHandover(() => cluster.Controller.Availability, cluster.Controller.Deployments));
        }
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(new Nines.Api.Images.ImageLibraryOptions(Path.Combine(parts.DataDirectory, "images")));
        builder.Services.AddNinesApi();
        var app = builder.Build();
        app.MapNinesApi();
        return app;
    }
}

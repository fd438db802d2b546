using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nines.Api;
using Nines.Api.Auth;
using Nines.ControlPlane.Agents;
using Nines.ControlPlane.Embedded;
using Nines.Networking.Commands;

namespace Nines.Cli.Hosting;

/// <summary>
/// What <c>nines up</c> runs: the embedded control plane (<see cref="EmbeddedHost"/>: store, Open vSwitch, driver,
/// local agent, controller) and Kestrel serving the REST API over the same store, repositories and agent. On start it
/// makes sure <c>DATA/admin.token</c> holds a working admin token and writes <c>DATA/controller.json</c>.
/// </summary>
internal sealed class ControllerHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private bool _stopped;

    private ControllerHost(EmbeddedHost embedded, WebApplication app, Uri url, string adminToken, bool tokenCreated, ControllerInfo info)
    {
        Embedded = embedded;
        _app = app;
        Url = url;
        AdminToken = adminToken;
        AdminTokenCreated = tokenCreated;
        Info = info;
    }

    public EmbeddedHost Embedded { get; }

    /// <summary>The API's base address (the port Kestrel really bound).</summary>
    public Uri Url { get; }

    public string DataDirectory => Embedded.DataDirectory;

    public string AdminTokenPath => AdminTokenFile.PathIn(DataDirectory);

    public string AdminToken { get; }

    /// <summary>This start created the admin token (the first start, or the old one no longer verified).</summary>
    public bool AdminTokenCreated { get; }

    public ControllerInfo Info { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Ends when the controller loop or the heartbeat stops (faulted if one died).</summary>
    public Task Completion => Embedded.Completion;

    public static async Task<ControllerHost> StartAsync(ControllerHostOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var listenUrl = ControllerHostOptions.ListenUrl(options.Listen);
        var namespaceName = options.Driver == EmbeddedDriverKind.Fake ? null : options.NetworkNamespace;
        if (namespaceName is not null)
        {
            if (await NetworkNamespaceSetup.EnsureAsync(namespaceName, new ProcessCommandRunner(), cancellationToken).ConfigureAwait(false))
            {
                options.StartProgress?.Report($"created network namespace \"{namespaceName}\" (only lo; no route off this machine)");
            }
        }

        var embedded = await EmbeddedHost.StartAsync(
            new EmbeddedHostOptions
            {
                DataDirectory = options.DataDirectory,
                Driver = options.Driver,
                NetworkNamespace = namespaceName,
                StartProgress = options.StartProgress,
            },
            cancellationToken).ConfigureAwait(false);
        WebApplication? app = null;
        try
        {
            app = BuildApp(embedded, listenUrl, options.ConsoleLogging);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var url = new Uri(app.Urls.First().TrimEnd('/') + "/");
            var (token, created) = await AdminTokenFile.EnsureAsync(app.Services.GetRequiredService<TokenService>(), embedded.DataDirectory, cancellationToken).ConfigureAwait(false);
            var info = new ControllerInfo(url.ToString(), Environment.ProcessId, options.Driver.ToString().ToLowerInvariant(), namespaceName);
            info.Write(embedded.DataDirectory);
            return new ControllerHost(embedded, app, url, token, created, info);
        }
        catch
        {
            if (app is not null)
            {
                await app.DisposeAsync().ConfigureAwait(false);
            }

            await embedded.DisposeAsync().ConfigureAwait(false);
            throw;
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
            await Embedded.StopAsync(tearDown: false, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None).ConfigureAwait(false);

    private static WebApplication BuildApp(EmbeddedHost embedded, string listenUrl, bool consoleLogging)
    {
        // The content root is the data directory, not the caller's working directory: nothing there is served.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = embedded.DataDirectory, EnvironmentName = Environments.Production });
        builder.WebHost.UseUrls(listenUrl);
        builder.Logging.ClearProviders();
        if (consoleLogging)
        {
            builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        }

        builder.Services.AddSingleton(embedded.Store);
        builder.Services.AddSingleton(embedded.Deployments);
        builder.Services.AddSingleton(embedded.Hosts);
        builder.Services.AddSingleton(embedded.Operations);
        builder.Services.AddSingleton(embedded.Events);
        builder.Services.AddSingleton(embedded.Availability);
        builder.Services.AddSingleton<IHostAgentDirectory>(new LocalHostAgentDirectory(embedded.Agent));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddNinesApi();
        var app = builder.Build();
        app.MapNinesApi();
        return app;
    }
}

using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nines.Agent.Convergence;
using Nines.Api.Auth;
using Nines.Contracts.Agents;
using Nines.Contracts.Model;
using Nines.Contracts.Repositories;
using Nines.Controller.Reconciliation;
using Nines.Controller.Repositories;
using Nines.Drivers.Fake;
using Nines.Drivers.HostPaths;
using Nines.Drivers.Mapping;
using Nines.Store;
using Nines.Store.Memory;
using Nines.Store.Sqlite;

namespace Nines.Api.Tests.Support;

/// <summary>
/// The API over the real control plane on one in-process host: a store (SQLite on a temp file, or memory), the real
/// repositories, DeploymentController + DeploymentReconciler, and a LocalHostAgent over the production FakeDriver and
/// InMemoryHostNetworks, served by TestServer. Tokens for tenants "acme" and "globex" are made at start. Host paths
/// follow the production policy: a shared image root (<see cref="ImageRoot"/>) and one library per tenant under
/// <see cref="TenantLibraries"/>, for the API and the agent alike (the agent also has the fake guest image's /guest).
/// </summary>
internal sealed class ApiHost : IAsyncDisposable
{
    public const string HostName = "local";

    private readonly CancellationTokenSource _stop = new();
    private readonly string _directory;
    private Task _controller = Task.CompletedTask;

    private ApiHost(WebApplication app, IStateStore store, string directory)
    {
        App = app;
        Store = store;
        _directory = directory;
    }

    /// <summary>The guest image paths the fake mapping names (the agent's policy allows its directory).</summary>
    public const string GuestDirectory = "/guest";

    /// <summary>The shared image root (<c>nines up --image-root</c>) of this host.</summary>
    public string ImageRoot => Path.Combine(_directory, "shared-images");

    /// <summary>The parent of the per-tenant libraries (<c>DATA/images</c>).</summary>
    public string TenantLibraries => Path.Combine(_directory, "images");

    /// <summary>The library of <paramref name="tenant"/> (created).</summary>
    public string LibraryOf(string tenant) => Directory.CreateDirectory(Path.Combine(TenantLibraries, tenant)).FullName;

    public static JsonSerializerOptions Json { get; } = ControlPlaneJson.Options;

    /// <summary>How the controller maps VMs: the fake guest image under <see cref="GuestDirectory"/>, nothing else exists.</summary>
    public static VmMappingOptions Mapping { get; } = new($"{GuestDirectory}/vmlinux", $"{GuestDirectory}/initrd.cpio", _ => false);

    public WebApplication App { get; }

    public IStateStore Store { get; }


    /// <summary>The supervised loops the health route reports (the controller's parts run under it).</summary>
    public Nines.Controller.Supervision.LoopRegistry Loops => App.Services.GetRequiredService<Nines.Controller.Supervision.LoopRegistry>();

    public string AdminToken { get; private set; } = string.Empty;

    public string OperatorToken { get; private set; } = string.Empty;

    public string ViewerToken { get; private set; } = string.Empty;

    /// <summary>An operator of tenant "globex".</summary>
    public string OtherTenantToken { get; private set; } = string.Empty;

    /// <summary>
    /// Starts the API (and, unless <paramref name="controller"/> is false, the controller) over a store at
    /// <paramref name="storePath"/> (default: a temp file); <paramref name="logs"/> receives the app's log,
    /// <paramref name="map"/> maps extra endpoints after the API's; <paramref name="clock"/> replaces the system clock for
    /// the API (token expiry) when there is no controller.
    /// </summary>
    /// <param name="drains">Registers the reconciler's VM mapping too, so live migrations and host drains run.</param>
    /// <param name="certificateAuthority">Registers a certificate authority (in the host's directory), so agents can join.</param>
    public static async Task<ApiHost> StartAsync(
        bool sqlite = true, string? storePath = null, bool controller = true, ILoggerProvider? logs = null, Action<WebApplication>? map = null, bool drains = false, TimeProvider? clock = null, bool certificateAuthority = false)
    {
        var directory = Directory.CreateTempSubdirectory("nines-api-").FullName;
        Directory.CreateDirectory(Path.Combine(directory, "shared-images"));
        var policy = HostPathProbe.Resolved([Path.Combine(directory, "shared-images")], Path.Combine(directory, "images"));
        IStateStore store = sqlite
            ? new SqliteStateStore(new SqliteStateStoreOptions { Path = storePath ?? Path.Combine(directory, "state.db") })
            : new MemoryStateStore();
        var time = clock ?? TimeProvider.System;
        var agent = new LocalHostAgent(HostName, new FakeDriver(new FakeHost(time)), new InMemoryHostNetworks())
        {
            StateDirectory = directory,
            Time = time,
            HostPaths = policy.WithRoots([GuestDirectory]),
        };
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton<IHostAgentDirectory>(new LocalHostAgentDirectory(agent));
        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton(new Nines.Controller.Supervision.LoopRegistry());
        builder.Services.AddSingleton(policy);
        builder.Services.AddSingleton(new Nines.Api.Images.ImageLibraryOptions(Path.Combine(directory, "images")));
        if (drains)
        {
            builder.Services.AddSingleton(Mapping);
        }

        if (certificateAuthority)
        {
            builder.Services.AddSingleton(Nines.Contracts.Security.NinesCertificateAuthority.LoadOrCreate(Path.Combine(directory, "tls"), TimeProvider.System));
        }

        builder.Services.AddNinesApi();
        var app = builder.Build();
        app.MapNinesApi();
        map?.Invoke(app);
        await app.StartAsync();

        var host = new ApiHost(app, store, directory);
        if (controller)
        {
            await host.StartControllerAsync();
        }

        var tokens = app.Services.GetRequiredService<TokenService>();
        host.AdminToken = (await tokens.CreateAsync(ApiRole.Admin, "acme")).Token;
        host.OperatorToken = (await tokens.CreateAsync(ApiRole.Operator, "acme")).Token;
        host.ViewerToken = (await tokens.CreateAsync(ApiRole.Viewer, "acme")).Token;
        host.OtherTenantToken = (await tokens.CreateAsync(ApiRole.Operator, "globex")).Token;
        return host;
    }

    public HttpClient Client(string? token)
    {
        var client = App.GetTestClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>Deploys the VNUML tutorial as "tutorial" and returns the accepted response.</summary>
    public static Task<HttpResponseMessage> DeployTutorialAsync(HttpClient client, string name = "tutorial") =>
        client.PutAsJsonAsync($"/v1/deployments/{name}", new { scenario = Fixture("vnuml", "tutorial_root1_xp_sysprep.xml"), source = "tutorial_root1_xp_sysprep.xml" });

    public static string Fixture(params string[] parts) => File.ReadAllText(Path.Combine([AppContext.BaseDirectory, "data", .. parts]));

    /// <summary>Polls the operation at <paramref name="location"/> until it finishes; returns it.</summary>
    public static async Task<Operation> WaitForOperationAsync(HttpClient client, string location, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var operation = await client.GetFromJsonAsync<Operation>(location, Json, cts.Token);
            if (operation!.IsFinished)
            {
                return operation;
            }

            await Task.Delay(50, cts.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _controller;
        }
        catch (OperationCanceledException)
        {
        }

        await App.StopAsync();
        await App.DisposeAsync();
        await Store.DisposeAsync();

        _stop.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>Registers the host and starts the deployment controller (once).</summary>
    public async Task StartControllerAsync()
    {
        var time = TimeProvider.System;
        var services = App.Services;
        var hosts = services.GetRequiredService<HostRepository>();
        await hosts.RegisterAsync(new HostRecord(HostName, "local:", 16384, null, 0, 0, time.GetUtcNow()), TimeSpan.FromHours(1), CancellationToken.None);
        var options = new ReconcilerOptions(Mapping)
        {
            ConvergePollInterval = TimeSpan.FromMilliseconds(50),
            BaseBackoff = TimeSpan.FromMilliseconds(50),
            MaxBackoff = TimeSpan.FromMilliseconds(500),
            ResyncInterval = TimeSpan.FromSeconds(5),
        };
        var events = services.GetRequiredService<EventLog>();
        var reconciler = new DeploymentReconciler(
            services.GetRequiredService<DeploymentRepository>(),
            hosts,
            services.GetRequiredService<OperationRepository>(),
            events,
            services.GetRequiredService<IHostAgentDirectory>(),
            options,
            time);
        var controller = new DeploymentController(Store, reconciler, events, time)
        {
            Supervisor = new Nines.Controller.Supervision.LoopSupervisor(Loops, time),
        };
        _controller = Task.Run(() => controller.RunAsync(_stop.Token));
    }
}

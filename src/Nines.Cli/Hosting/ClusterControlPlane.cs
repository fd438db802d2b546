using Nines.Agent.Hosting;
using Nines.Contracts.Security;
using Nines.Controller.Hosting;
using Nines.Controller.Reconciliation;
using Nines.Controller.RemoteAgents;
using Nines.Drivers.HostPaths;
using Nines.Drivers.Mapping;
using Nines.Embedded;
using Nines.Images;
using Nines.Store.Etcd;

namespace Nines.Cli.Hosting;

/// <summary>
/// A cluster's controller (<c>nines up --store etcd://…</c>): the etcd store, the agents registered there reached over
/// mutual TLS with a client certificate from the cluster's CA (<see cref="HttpHostAgentDirectory"/>: an agent must prove
/// the host name it is registered under), the reconciler and its loop
/// (<see cref="ClusterController"/>), and — only when <see cref="ControlPlaneServerOptions.LocalAgentHost"/> asks — one
/// host agent in the same process (an <see cref="AgentHost"/> registered like any other).
/// </summary>
/// <remarks>
/// VM definitions name the guest image's kernel and initramfs by path: with the QEMU driver the controller opens (or
/// builds) the image in its cache, and every agent must have the same image at the same path (one machine, or the
/// same cache directory and Debian packages on each).
/// </remarks>
internal sealed class ClusterControlPlane
{
    private readonly EtcdStateStore _store;
    private readonly HttpHostAgentDirectory _directory;

    private ClusterControlPlane(string dataDirectory, EtcdStateStore store, HttpHostAgentDirectory directory, ClusterController controller, AgentHost? localAgent, HostPathPolicy hostPaths)
    {
        DataDirectory = dataDirectory;
        HostPaths = hostPaths;
        _store = store;
        _directory = directory;
        Controller = controller;
        LocalAgent = localAgent;
    }

    public string DataDirectory { get; }

    /// <summary>The host files scenarios submitted through the API may name: the image roots and <c>DATA/images/&lt;tenant&gt;</c>.</summary>
    public HostPathPolicy HostPaths { get; }

    public ClusterController Controller { get; }

    /// <summary>The host agent running in this process, when asked for.</summary>
    public AgentHost? LocalAgent { get; }

    /// <summary>
    /// Ends when the controller and the local agent have stopped; faulted as soon as either fails (not only once both
    /// ended: a controller whose store is gone must stop the process even while the agent's heartbeat runs on).
    /// </summary>
    public Task Completion => LocalAgent is null ? Controller.Completion : FirstFaultOrAll(Controller.Completion, LocalAgent.Completion);

    private static async Task FirstFaultOrAll(params Task[] tasks)
    {
        var pending = tasks.ToList();
        while (pending.Count > 0)
        {
            var done = await Task.WhenAny(pending).ConfigureAwait(false);
            await done.ConfigureAwait(false);
            pending.Remove(done);
        }
    }

    public static async Task<ClusterControlPlane> StartAsync(ControlPlaneServerOptions options, Nines.Contracts.Security.NinesCertificateAuthority authority, Microsoft.Extensions.Logging.ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(authority);
        var data = Path.GetFullPath(options.DataDirectory ?? EmbeddedHostOptions.DefaultDataDirectory());
        Directory.CreateDirectory(data);
        var mapping = await MappingAsync(options, cancellationToken).ConfigureAwait(false);
        var store = StoreAddress.ConnectEtcd(options.Store!);
        AgentHost? local = null;
        try
        {
            // Fails here, with the endpoints named, when no member answers: better than a controller that never converges.
            await store.RangeAsync("/nines/hosts/", 1, cancellationToken).ConfigureAwait(false);
            if (options.LocalAgentHost is { } hostName)
            {
                local = await AgentHost.StartAsync(
                    new AgentHostOptions(store, hostName, new TlsCredentials(authority.IssueAgent(hostName), authority.Certificate))
                    {
                        Driver = options.Driver,
                        ListenUrl = "https://127.0.0.1:0",
                        DataDirectory = Path.Combine(data, "agents", hostName),
                        NetworkNamespace = options.NetworkNamespace,
                        Networks = Nines.Networking.Planning.NetworkPlannerOptions.Default with { HostSide = options.HostSide },
                        Uplink = options.LocalAgentUplink,
                        ImageCacheDirectory = options.ImageCacheDirectory,
                        ImageRoots = options.ImageRoots,
                        TenantLibraries = Path.Combine(data, "images"),
                        LoadProbe = () => MachineLoad.Read(),
                        SelfFencing = new SelfFencingOptions(),
                        StartProgress = options.StartProgress,
                        LoggerFactory = loggers,
                        Logging = options.Logging is { } logging ? logging.Configure : null,
                    },
                    cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            if (local is not null)
            {
                await local.DisposeAsync().ConfigureAwait(false);
            }

            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var directory = new HttpHostAgentDirectory(new TlsCredentials(authority.IssueController(), authority.Certificate));
        var controller = new ClusterController(store, directory, new ReconcilerOptions(mapping), TimeProvider.System, loggerFactory: loggers);
        controller.Start();
        return new ClusterControlPlane(data, store, directory, controller, local, HostPathProbe.Resolved(options.ImageRoots, Path.Combine(data, "images")));
    }

    /// <summary>Stops the loop and the local agent (its VMs keep running) and closes the store.</summary>
    public async Task StopAsync()
    {
        try
        {
            await Controller.StopAsync().ConfigureAwait(false);
            if (LocalAgent is not null)
            {
                await LocalAgent.StopAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            _directory.Dispose();
            await _store.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async Task<VmMappingOptions> MappingAsync(ControlPlaneServerOptions options, CancellationToken cancellationToken)
    {
        if (options.Driver == EmbeddedDriverKind.Fake)
        {
            return new VmMappingOptions("/nines/guest/vmlinux", "/nines/guest/initramfs.cpio.gz", _ => false);
        }

        var image = GuestImageBuilder.TryOpen(options.ImageCacheDirectory)
            ?? await new GuestImageBuilder(TimeProvider.System).BuildAsync(new GuestImageOptions { CacheDirectory = options.ImageCacheDirectory }, options.StartProgress, cancellationToken).ConfigureAwait(false);
        return new VmMappingOptions(image.KernelPath, image.InitrdPath, File.Exists)
        {
            CommandLine = image.KernelCommandLine,
            GuestImageMinimumMemoryMiB = image.MinimumMemoryMiB,
        };
    }
}
